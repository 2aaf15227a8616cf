package dev.klink.tokens.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.spring.RequestOwners;
import dev.klink.tokens.spring.security.SessionAbilities;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/** {@code klink.tokens.security.session-abilities}: off by default, declared abilities only, else no start-up. */
class SessionAbilitiesAutoConfigurationTests {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KlinkTokensAutoConfiguration.class,
                    KlinkTokensFilterAutoConfiguration.class, KlinkTokensWebMvcAutoConfiguration.class,
                    KlinkTokensSecurityAutoConfiguration.class, SecurityAutoConfiguration.class,
                    ServletWebSecurityAutoConfiguration.class))
            .withPropertyValues("klink.tokens.abilities[0].name=orders:read",
                    "klink.tokens.abilities[0].description=Read orders",
                    "klink.tokens.abilities[1].name=orders:write", "klink.tokens.abilities[1].implies=orders:read",
                    "klink.tokens.abilities[1].description=Place orders",
                    "klink.tokens.abilities[2].name=admin", "klink.tokens.abilities[2].description=Administer");

    @Test
    void sessionAbilitiesWhenNotSetThenNone() {
        runner.run(context -> assertThat(context.getBean(SessionAbilities.class).isNone()).isTrue());
    }

    @Test
    void sessionAbilitiesWhenAllDeclaredThenEveryDeclaredAbility() {
        runner.withPropertyValues("klink.tokens.security.session-abilities=all-declared")
                .run(context -> assertThat(context.getBean(SessionAbilities.class).abilities())
                        .containsExactlyInAnyOrder("orders:read", "orders:write", "admin"));
    }

    @Test
    void sessionAbilitiesWhenListThenThoseAndWhatTheyImply() {
        runner.withPropertyValues("klink.tokens.security.session-abilities=orders:write")
                .run(context -> assertThat(context.getBean(SessionAbilities.class).abilities())
                        .containsExactlyInAnyOrder("orders:read", "orders:write"));
    }

    @Test
    void sessionAbilitiesWhenWildcardThenStartUpFailsNamingTheSetting() {
        runner.withPropertyValues("klink.tokens.security.session-abilities=orders:*").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessage(
                    "Property klink.tokens.security.session-abilities with value '[orders:*]' is invalid: "
                            + "Session ability 'orders:*' is not declared in "
                            + "klink.tokens.abilities; only declared abilities (no wildcard) can be given to session "
                            + "users. Declared: orders:read, orders:write, admin");
        });
    }

    @Test
    void sessionAbilitiesWhenUndeclaredOrStarThenStartUpFails() {
        for (String setting : new String[] { "refunds:write", "*", "none,admin", "all-declared,admin" }) {
            runner.withPropertyValues("klink.tokens.security.session-abilities=" + setting)
                    .run(context -> assertThat(context).as(setting).hasFailed());
        }
    }

    @Test
    void sessionAbilitiesWhenNoAbilityDeclaredThenAllDeclaredIsNone() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KlinkTokensAutoConfiguration.class,
                        KlinkTokensSecurityAutoConfiguration.class, SecurityAutoConfiguration.class))
                .withPropertyValues("klink.tokens.security.session-abilities=all-declared")
                .run(context -> assertThat(context.getBean(SessionAbilities.class).isNone()).isTrue());
    }

    @Test
    void requestOwnersWhenSingleTenantSetThenBeanUsesIt() {
        runner.withPropertyValues("klink.tokens.management.tenant=acme")
                .run(context -> assertThat(context).hasSingleBean(RequestOwners.class));
    }
}
