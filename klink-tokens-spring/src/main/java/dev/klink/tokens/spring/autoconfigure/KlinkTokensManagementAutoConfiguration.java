package dev.klink.tokens.spring.autoconfigure;

import dev.klink.tokens.TokenService;
import dev.klink.tokens.servlet.BearerErrorResponder;
import dev.klink.tokens.servlet.TenantResolver;
import dev.klink.tokens.spi.GrantableAbilities;
import dev.klink.tokens.spring.TokenAdminController;
import dev.klink.tokens.spring.TokenAdmins;
import dev.klink.tokens.spring.TokenManagementController;
import dev.klink.tokens.spring.TokenOwnerResolver;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.util.unit.DataSize;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * The {@link TokenManagementController} REST endpoints, when {@code klink.tokens.management.enabled=true}. They act
 * for the signed-in user a {@link TokenOwnerResolver} names. Without a bean of the application's own, every user
 * acts in the tenant {@code klink.tokens.management.tenant} (a single-tenant application); start-up fails with an
 * explanation when that is not set, and also when the application declares a {@link TenantResolver} (it has several
 * tenants, and one read from the request must never decide a signed-in user's). Start-up also fails when users could
 * grant nothing: no {@code klink.tokens.abilities} declared and no {@link GrantableAbilities} bean. The
 * {@link TokenAdminController} endpoints under {@code {path}/admin} serve the tenant's administrators, whom
 * {@link TokenAdmins} names (by default the holders of {@code klink.tokens.management.admin-authority}).
 */
@AutoConfiguration(after = KlinkTokensAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBooleanProperty("klink.tokens.management.enabled")
@ConditionalOnBean({ TokenService.class, BearerErrorResponder.class })
@EnableConfigurationProperties(KlinkTokensProperties.class)
public final class KlinkTokensManagementAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    TokenOwnerResolver klinkTokenOwnerResolver(KlinkTokensProperties properties,
            ObjectProvider<TenantResolver> tenantResolver) {
        if (tenantResolver.stream().findAny().isPresent()) {
            throw new IllegalStateException("klink.tokens.management.enabled=true and the application declares a "
                    + "TenantResolver, which reads the tenant of bearer requests from the request; a signed-in "
                    + "user's tenant must come from who the user is instead: declare a TokenOwnerResolver bean that "
                    + "returns the tenant and owner of the signed-in user, e.g. TokenOwnerResolver.signedInUser(user "
                    + "-> Optional.of(tenantOf(user))).");
        }
        String tenant = properties.getManagement().getTenant();
        if (tenant == null || tenant.isBlank()) {
            throw new IllegalStateException("klink.tokens.management.enabled=true, but klink-tokens cannot tell "
                    + "the tenant of the signed-in user. Either declare a TokenOwnerResolver bean that returns "
                    + "the tenant and owner of the signed-in user, or, for a single-tenant application, set "
                    + "klink.tokens.management.tenant (e.g. to \"default\").");
        }
        return TokenOwnerResolver.singleTenant(tenant);
    }

    @Bean
    @ConditionalOnMissingBean
    TokenManagementController klinkTokenManagementController(TokenService tokens, TokenOwnerResolver owners,
            BearerErrorResponder responder, KlinkTokensProperties properties,
            ObjectProvider<GrantableAbilities> grantable) {
        if (tokens.catalog().isUnrestricted() && grantable.stream().findAny().isEmpty()) {
            throw new IllegalStateException("klink.tokens.management.enabled=true, but users could grant no "
                    + "ability: none is declared. Declare the abilities tokens may hold in klink.tokens.abilities "
                    + "(users may then grant exactly those), or declare a GrantableAbilities bean that says what each "
                    + "owner may grant.");
        }
        KlinkTokensProperties.Management management = properties.getManagement();
        String path = management.getPath();
        if (!path.startsWith("/") || path.endsWith("/") || path.contains("{") || path.contains("*")) {
            throw PropertyChecks.invalid("management.path", path,
                    "must start with '/', not end with '/', and hold no patterns");
        }
        DataSize maxBodySize = management.getMaxBodySize();
        if (maxBodySize.toBytes() < 1 || maxBodySize.toBytes() > Integer.MAX_VALUE - 1) {
            throw PropertyChecks.invalid("management.max-body-size", maxBodySize,
                    "must be from 1B to 2GB");
        }
        return new TokenManagementController(tokens, owners, responder,
                PropertyChecks.notNegative("management.rotate-grace", management.getRotateGrace()), path,
                (int) maxBodySize.toBytes());
    }

    @Bean
    @ConditionalOnMissingBean
    TokenAdmins klinkTokenAdmins(KlinkTokensProperties properties) {
        String authority = properties.getManagement().getAdminAuthority();
        if (authority == null || authority.isBlank()) {
            throw PropertyChecks.invalid("management.admin-authority", authority, "must not be blank");
        }
        return TokenAdmins.authority(authority);
    }

    @Bean
    @ConditionalOnMissingBean
    TokenAdminController klinkTokenAdminController(TokenService tokens, TokenOwnerResolver owners,
            TokenAdmins admins, BearerErrorResponder responder) {
        return new TokenAdminController(tokens, owners, admins, responder);
    }
}
