package dev.klink.tokens.spring.autoconfigure;

import dev.klink.tokens.servlet.BearerErrorResponder;
import dev.klink.tokens.spring.RequiresAbilities;
import dev.klink.tokens.spring.RequestOwners;
import dev.klink.tokens.spring.RequiresAbilitiesInterceptor;
import dev.klink.tokens.spring.TokenOwnerResolver;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Enforces {@link RequiresAbilities} on Spring MVC handlers, and declares {@link RequestOwners} with the
 * application's {@link TokenOwnerResolver} (or the single tenant {@code klink.tokens.management.tenant}).
 */
@AutoConfiguration(after = { KlinkTokensAutoConfiguration.class, KlinkTokensManagementAutoConfiguration.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBean(BearerErrorResponder.class)
@EnableConfigurationProperties(KlinkTokensProperties.class)
public final class KlinkTokensWebMvcAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    RequestOwners klinkRequestOwners(ObjectProvider<TokenOwnerResolver> owners, KlinkTokensProperties properties) {
        TokenOwnerResolver resolver = owners.getIfUnique();
        String tenant = properties.getManagement().getTenant();
        if (resolver == null && tenant != null && !tenant.isBlank()) {
            resolver = TokenOwnerResolver.singleTenant(tenant);
        }
        return resolver == null ? RequestOwners.tokensOnly() : new RequestOwners(resolver);
    }

    @Bean
    @ConditionalOnMissingBean
    RequiresAbilitiesInterceptor klinkRequiresAbilitiesInterceptor(BearerErrorResponder responder) {
        return new RequiresAbilitiesInterceptor(responder);
    }

    @Bean
    WebMvcConfigurer klinkRequiresAbilitiesWebMvcConfigurer(RequiresAbilitiesInterceptor interceptor) {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(interceptor);
            }
        };
    }
}
