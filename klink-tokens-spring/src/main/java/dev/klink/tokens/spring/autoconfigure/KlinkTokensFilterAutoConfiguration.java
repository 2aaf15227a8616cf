package dev.klink.tokens.spring.autoconfigure;

import dev.klink.tokens.TokenService;
import dev.klink.tokens.servlet.BearerErrorResponder;
import dev.klink.tokens.servlet.BearerTokenResolver;
import dev.klink.tokens.servlet.KlinkTokenFilter;
import dev.klink.tokens.servlet.TenantResolver;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingFilterBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * Registers the {@link KlinkTokenFilter} with the rules of {@code klink.tokens.filter.*} in a servlet application
 * that has no Spring Security filter chain. With Spring Security, add
 * {@link dev.klink.tokens.spring.security.KlinkTokensConfigurer} to a chain instead.
 */
@AutoConfiguration(after = { KlinkTokensAutoConfiguration.class, KlinkTokensSecurityAutoConfiguration.class },
        afterName = "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "klink.tokens.filter.enabled", matchIfMissing = true)
@ConditionalOnBean(TokenService.class)
@ConditionalOnMissingBean(type = "org.springframework.security.web.SecurityFilterChain")
@EnableConfigurationProperties(KlinkTokensProperties.class)
public final class KlinkTokensFilterAutoConfiguration {

    @Bean
    @ConditionalOnMissingFilterBean(KlinkTokenFilter.class)
    FilterRegistrationBean<KlinkTokenFilter> klinkTokenFilterRegistration(TokenService tokens,
            KlinkTokensProperties properties, BearerErrorResponder responder,
            ObjectProvider<TenantResolver> tenantResolver, ObjectProvider<BearerTokenResolver> bearerTokenResolver) {
        KlinkTokenFilter.Builder builder = KlinkTokenFilter.builder(tokens)
                .responder(responder)
                .defaultAccess(FilterSettings.defaultAccess(properties));
        FilterSettings.rules(properties).forEach(builder::rule);
        tenantResolver.ifUnique(builder::tenantResolver);
        bearerTokenResolver.ifUnique(builder::bearerTokenResolver);
        FilterRegistrationBean<KlinkTokenFilter> registration = new FilterRegistrationBean<>(builder.build());
        registration.setName("klinkTokenFilter");
        registration.setOrder(properties.getFilter().getOrder());
        return registration;
    }
}
