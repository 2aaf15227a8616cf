package dev.klink.tokens.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

/** When the introspection and forward-auth endpoints are registered, and how bad settings stop the start. */
class KlinkTokensIntrospectionAutoConfigurationTests {

    private static final String HASH = "7bd2562ebd7de989fc79b52c3e3884076a90b910ba48fa0090ebfaf918ca72dd";

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KlinkTokensAutoConfiguration.class,
                    KlinkTokensIntrospectionAutoConfiguration.class, KlinkTokensForwardAuthAutoConfiguration.class));

    @Test
    void contextWhenNotEnabledThenNoEndpoints() {
        runner.run(context -> assertThat(context).hasNotFailed()
                .doesNotHaveBean("klinkTokenIntrospectionRegistration")
                .doesNotHaveBean("klinkForwardAuthRegistration"));
    }

    @Test
    void contextWhenEnabledThenBothEndpointsAtTheirPaths() {
        runner.withPropertyValues("klink.tokens.introspection.enabled=true",
                "klink.tokens.introspection.clients[0].id=gateway",
                "klink.tokens.introspection.clients[0].secret-hash=" + HASH,
                "klink.tokens.introspection.clients[0].tenant=acme",
                "klink.tokens.forward-auth.enabled=true", "klink.tokens.forward-auth.path=/gateway/check")
                .run(context -> {
                    assertThat(filter(context, "klinkTokenIntrospectionRegistration"))
                            .startsWith("EndpointFilter[/oauth2/introspect -> TokenIntrospectionServlet[clients="
                                    + "[gateway], callerAbility=");
                    assertThat(filter(context, "klinkForwardAuthRegistration"))
                            .isEqualTo("EndpointFilter[/gateway/check -> ForwardAuthServlet[realm=klink]]");
                });
    }

    private static String filter(org.springframework.context.ApplicationContext context, String name) {
        return ((FilterRegistrationBean<?>) context.getBean(name)).getFilter().toString();
    }

    @Test
    void startWhenSecretHashNotSha256ThenFailsNamingPropertyNeverTheValue() {
        runner.withPropertyValues("klink.tokens.introspection.enabled=true",
                "klink.tokens.introspection.clients[0].id=gateway",
                "klink.tokens.introspection.clients[0].secret-hash=my-plain-secret")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("klink.tokens.introspection.clients[0]")
                        .hasMessageContaining("must be the SHA-256 of the secret as 64 hex digits")
                        .hasMessageNotContaining("my-plain-secret"));
    }

    @Test
    void startWhenClientWithoutIdOrHashThenFailsNamingProperty() {
        runner.withPropertyValues("klink.tokens.introspection.enabled=true",
                "klink.tokens.introspection.clients[0].secret-hash=" + HASH)
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("klink.tokens.introspection.clients[0].id"));
        runner.withPropertyValues("klink.tokens.introspection.enabled=true",
                "klink.tokens.introspection.clients[0].id=gateway")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("klink.tokens.introspection.clients[0].secret-hash"));
    }

    @Test
    void startWhenPathOrAbilityInvalidThenFailsNamingProperty() {
        runner.withPropertyValues("klink.tokens.forward-auth.enabled=true", "klink.tokens.forward-auth.path=auth")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("klink.tokens.forward-auth.path"));
        runner.withPropertyValues("klink.tokens.introspection.enabled=true",
                "klink.tokens.introspection.path=/a/../introspect")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("klink.tokens.introspection.path"));
        runner.withPropertyValues("klink.tokens.introspection.enabled=true",
                "klink.tokens.introspection.caller-ability=Introspect!")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("klink.tokens.introspection.caller-ability"));
    }
}
