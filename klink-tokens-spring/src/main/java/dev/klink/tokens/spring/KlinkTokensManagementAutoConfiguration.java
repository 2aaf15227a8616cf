package dev.klink.tokens.spring;

import dev.klink.tokens.TokenService;
import dev.klink.tokens.servlet.BearerErrorResponder;
import dev.klink.tokens.servlet.TenantResolver;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * The {@link TokenManagementController} REST endpoints, when {@code klink.tokens.management.enabled=true}. They act
 * for the user a {@link TokenOwnerResolver} names; without a bean of the application's own, the default one needs
 * the tenant from a {@link TenantResolver} bean or {@code klink.tokens.management.tenant}, and start-up fails with an
 * explanation when neither is there.
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
        TenantResolver tenants = tenantResolver.getIfUnique();
        if (tenants == null) {
            String tenant = properties.getManagement().getTenant();
            if (tenant == null || tenant.isBlank()) {
                throw new IllegalStateException("klink.tokens.management.enabled=true, but klink-tokens cannot tell "
                        + "the tenant of the logged-in user. Either declare a TokenOwnerResolver bean that returns "
                        + "the tenant and owner of the request's user, or a TenantResolver bean, or, for a "
                        + "single-tenant application, set klink.tokens.management.tenant (e.g. to \"default\").");
            }
            tenants = request -> tenant;
        }
        return TokenOwnerResolver.fromPrincipal(tenants);
    }

    @Bean
    @ConditionalOnMissingBean
    TokenManagementController klinkTokenManagementController(TokenService tokens, TokenOwnerResolver owners,
            BearerErrorResponder responder, KlinkTokensProperties properties) {
        KlinkTokensProperties.Management management = properties.getManagement();
        String path = management.getPath();
        if (!path.startsWith("/") || path.endsWith("/") || path.contains("{") || path.contains("*")) {
            throw KlinkTokensSettings.invalid("management.path", path,
                    "must start with '/', not end with '/', and hold no patterns");
        }
        return new TokenManagementController(tokens, owners, responder,
                KlinkTokensSettings.notNegative("management.rotate-grace", management.getRotateGrace()), path);
    }
}
