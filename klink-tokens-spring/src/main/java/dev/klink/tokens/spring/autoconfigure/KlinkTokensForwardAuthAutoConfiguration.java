package dev.klink.tokens.spring.autoconfigure;

import dev.klink.tokens.TokenService;
import dev.klink.tokens.servlet.BearerErrorResponder;
import dev.klink.tokens.servlet.BearerTokenResolver;
import dev.klink.tokens.servlet.ForwardAuthServlet;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * With {@code klink.tokens.forward-auth.enabled=true}: the forward-auth endpoint for gateways (nginx
 * {@code auth_request}, Traefik {@code ForwardAuth}, Caddy {@code forward_auth}, Envoy {@code ext_authz}) at
 * {@code klink.tokens.forward-auth.path} (default {@code /auth/verify}), answered by a {@link ForwardAuthServlet}
 * ahead of Spring Security and the klink filter, with the application's {@link BearerErrorResponder} so that its
 * refusals are those of every other protected path.
 */
@AutoConfiguration(after = KlinkTokensAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty("klink.tokens.forward-auth.enabled")
@ConditionalOnBean({ TokenService.class, BearerErrorResponder.class })
@EnableConfigurationProperties(KlinkTokensProperties.class)
public final class KlinkTokensForwardAuthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "klinkForwardAuthRegistration")
    FilterRegistrationBean<EndpointFilter> klinkForwardAuthRegistration(TokenService tokens,
            BearerErrorResponder responder, KlinkTokensProperties properties,
            ObjectProvider<BearerTokenResolver> bearerTokenResolver) {
        String path = EndpointFilter.checkedPath("forward-auth.path", properties.getForwardAuth().getPath());
        ForwardAuthServlet.Builder builder = ForwardAuthServlet.builder(tokens).responder(responder);
        bearerTokenResolver.ifUnique(builder::bearerTokenResolver);
        FilterRegistrationBean<EndpointFilter> registration = new FilterRegistrationBean<>(
                new EndpointFilter(path, builder.build()));
        registration.setName("klinkForwardAuth");
        registration.setOrder(KlinkTokensIntrospectionAutoConfiguration.ORDER);
        return registration;
    }
}
