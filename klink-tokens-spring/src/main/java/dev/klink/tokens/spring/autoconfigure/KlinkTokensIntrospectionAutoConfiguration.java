package dev.klink.tokens.spring.autoconfigure;

import dev.klink.tokens.TokenService;
import dev.klink.tokens.servlet.BearerErrorResponder;
import dev.klink.tokens.servlet.IntrospectionClient;
import dev.klink.tokens.servlet.TokenIntrospectionServlet;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * With {@code klink.tokens.introspection.enabled=true}: RFC 7662 token introspection at
 * {@code klink.tokens.introspection.path} (default {@code /oauth2/introspect}) for services that do not embed
 * klink-tokens, answered by a {@link TokenIntrospectionServlet} ahead of Spring Security and the klink filter (it
 * authenticates its callers itself: Basic clients from {@code klink.tokens.introspection.clients}, or bearer tokens
 * holding {@code klink.tokens.introspection.caller-ability}).
 */
@AutoConfiguration(after = KlinkTokensAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty("klink.tokens.introspection.enabled")
@ConditionalOnBean({ TokenService.class, BearerErrorResponder.class })
@EnableConfigurationProperties(KlinkTokensProperties.class)
public final class KlinkTokensIntrospectionAutoConfiguration {

    /** Before Spring Security's filter chain ({@code -100}) and every filter that might read the body. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 50;

    @Bean
    @ConditionalOnMissingBean(name = "klinkTokenIntrospectionRegistration")
    FilterRegistrationBean<EndpointFilter> klinkTokenIntrospectionRegistration(TokenService tokens,
            BearerErrorResponder responder, KlinkTokensProperties properties) {
        KlinkTokensProperties.Introspection settings = properties.getIntrospection();
        String path = EndpointFilter.checkedPath("introspection.path", settings.getPath());
        TokenIntrospectionServlet.Builder builder = TokenIntrospectionServlet.builder(tokens)
                .realm(responder.realm());
        PropertyChecks.apply("introspection.caller-ability", settings.getCallerAbility(),
                () -> builder.callerAbility(settings.getCallerAbility()));
        List<KlinkTokensProperties.IntrospectionClientProperties> clients = settings.getClients();
        for (int i = 0; i < clients.size(); i++) {
            builder.client(client("introspection.clients[" + i + "]", clients.get(i)));
        }
        FilterRegistrationBean<EndpointFilter> registration = new FilterRegistrationBean<>(
                new EndpointFilter(path, builder.build()));
        registration.setName("klinkTokenIntrospection");
        registration.setOrder(ORDER);
        return registration;
    }

    private static IntrospectionClient client(String name, KlinkTokensProperties.IntrospectionClientProperties client) {
        String id = client.getId();
        String secretHash = client.getSecretHash();
        if (id == null || id.isBlank()) {
            throw PropertyChecks.invalid(name + ".id", id, "every introspection client needs an id");
        }
        if (secretHash == null || secretHash.isBlank()) {
            throw PropertyChecks.invalid(name + ".secret-hash", "<redacted>",
                    "every introspection client needs the SHA-256 of its secret as 64 hex digits");
        }
        IntrospectionClient result;
        try {
            result = IntrospectionClient.withSecretHash(id, secretHash);
        } catch (IllegalArgumentException e) {
            // the message names the client and the length, never the value
            throw PropertyChecks.invalid(name, "<redacted>", e.getMessage());
        }
        String tenant = client.getTenant();
        return tenant == null || tenant.isBlank() ? result : result.boundToTenant(tenant.strip());
    }
}
