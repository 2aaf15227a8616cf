package dev.klink.tokens.spring.autoconfigure;

import static dev.klink.tokens.testing.VerificationResultAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klink.tokens.AbilityCatalog;
import dev.klink.tokens.InMemoryTokenStore;
import dev.klink.tokens.InvalidTokenRequestException;
import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.IssuedToken;
import dev.klink.tokens.TokenEvent;
import dev.klink.tokens.TokenEventListener;
import dev.klink.tokens.TokenHasher;
import dev.klink.tokens.TokenPolicy;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.VerificationFailure;
import dev.klink.tokens.jdbi.JdbiTokenStore;
import dev.klink.tokens.servlet.KlinkTokenFilter;
import dev.klink.tokens.servlet.TenantResolver;
import dev.klink.tokens.spi.GrantableAbilities;
import dev.klink.tokens.spi.StoredToken;
import dev.klink.tokens.spi.TokenStore;
import dev.klink.tokens.spring.KlinkTokensMetrics;
import dev.klink.tokens.spring.RequiresAbilitiesInterceptor;
import dev.klink.tokens.spring.TokenManagementController;
import dev.klink.tokens.spring.TokenOwner;
import dev.klink.tokens.spring.TokenOwnerResolver;
import dev.klink.tokens.spring.TokenPruner;
import dev.klink.tokens.spring.TokenServiceBuilderCustomizer;
import dev.klink.tokens.spring.TokenStoreHealthIndicator;
import dev.klink.tokens.testing.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.servlet.DispatcherServlet;

class KlinkTokensAutoConfigurationTests {

    /** 32 bytes, base64. */
    private static final String KEY_A = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    /** 16 bytes, base64. */
    private static final String SHORT_KEY = "MDEyMzQ1Njc4OWFiY2RlZg==";

    private static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KlinkTokensAutoConfiguration.class,
                    KlinkTokensJdbiAutoConfiguration.class, KlinkTokensMetricsAutoConfiguration.class,
                    KlinkTokensHealthAutoConfiguration.class));

    private final WebApplicationContextRunner webRunner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KlinkTokensAutoConfiguration.class,
                    KlinkTokensJdbiAutoConfiguration.class, KlinkTokensFilterAutoConfiguration.class,
                    KlinkTokensWebMvcAutoConfiguration.class, KlinkTokensSecurityAutoConfiguration.class,
                    KlinkTokensManagementAutoConfiguration.class))
            .withClassLoader(new FilteredClassLoader(SecurityFilterChain.class));

    private final WebApplicationContextRunner securityRunner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KlinkTokensAutoConfiguration.class,
                    KlinkTokensFilterAutoConfiguration.class, KlinkTokensSecurityAutoConfiguration.class,
                    SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class));

    // ---------------------------------------------------------------- core beans and the store

    @Test
    void contextWhenNothingConfiguredThenInMemoryStoreAndDefaults() {
        runner.run(context -> {
            TokenService tokens = context.getBean(TokenService.class);
            assertThat(tokens.store()).isInstanceOf(InMemoryTokenStore.class);
            assertThat(tokens.prefix()).isEqualTo("klink_pat");
            assertThat(context.getBean(TokenHasher.class).primaryScheme()).isEqualTo("sha256");
            assertThat(context.getBean(AbilityCatalog.class).isUnrestricted()).isTrue();
            assertThat(tokens.policy().maxLifetime()).isEqualTo(Duration.ofDays(366));
            assertThat(context).doesNotHaveBean(TokenPruner.class);
            assertThat(context).doesNotHaveBean(Clock.class);
        });
    }

    @Test
    void contextWhenDataSourceAndJdbiModuleThenJdbiStoreWithMigratedSchema() {
        runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withPropertyValues("klink.tokens.jdbc.table-prefix=app_")
                .run(context -> {
                    TokenService tokens = context.getBean(TokenService.class);
                    assertThat(tokens.store()).isInstanceOf(JdbiTokenStore.class);
                    JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
                    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM app_tokens", Integer.class)).isZero();
                    IssuedToken issued = tokens.issue(IssueRequest.builder("acme", "alice").name("ci").build());
                    assertThat(tokens.verify(issued.plaintext())).isValid();
                    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM app_tokens", Integer.class)).isEqualTo(1);
                });
    }

    @Test
    void contextWhenJdbiStoreThenInitializerMigratesBeforeTheTokenServiceIsCreated() {
        runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class)).run(context -> {
            assertThat(context).hasSingleBean(KlinkTokensJdbiMigrationInitializer.class);
            assertThat(tableCount(context, "klink_tokens")).isEqualTo(1);
            assertThat(context.getBeanFactory().getBeanDefinition("klinkTokenService").getDependsOn())
                    .contains("klinkJdbiMigrationInitializer");
        });
    }

    @Test
    void contextWhenFlywayBeanThenMigrationLeftToFlyway() {
        runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withUserConfiguration(FlywayConfig.class)
                .run(context -> {
                    assertThat(context.getBean(TokenStore.class)).isInstanceOf(JdbiTokenStore.class);
                    assertThat(context).doesNotHaveBean(KlinkTokensJdbiMigrationInitializer.class);
                    assertThat(tableCount(context, "klink_tokens")).isZero();
                });
    }

    @Test
    void contextWhenFlywayBeanAndMigrateAlwaysThenMigrated() {
        runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withUserConfiguration(FlywayConfig.class)
                .withPropertyValues("klink.tokens.jdbc.migrate=always")
                .run(context -> {
                    assertThat(context).hasSingleBean(KlinkTokensJdbiMigrationInitializer.class);
                    assertThat(tableCount(context, "klink_tokens")).isEqualTo(1);
                });
    }

    @Test
    void contextWhenApplicationDeclaresInitializerThenItReplacesOurs() {
        runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withUserConfiguration(OwnInitializerConfig.class)
                .run(context -> {
                    assertThat(context).getBean(KlinkTokensJdbiMigrationInitializer.class)
                            .isSameAs(context.getBean("ownInitializer"));
                    assertThat(context.getBean(OwnInitializer.class).ran).isTrue();
                    assertThat(tableCount(context, "klink_tokens")).isZero();
                });
    }

    @Test
    void contextWhenMigrateValueUnknownThenFailsNamingProperty() {
        runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withPropertyValues("klink.tokens.jdbc.migrate=sometimes")
                .run(context -> assertThat(context).getFailure()
                        .hasStackTraceContaining("klink.tokens.jdbc.migrate"));
    }

    private static int tableCount(ApplicationContext context, String table) {
        return new JdbcTemplate(context.getBean(DataSource.class)).queryForObject("SELECT COUNT(*) FROM "
                + "INFORMATION_SCHEMA.TABLES WHERE LOWER(TABLE_NAME) = ?", Integer.class, table);
    }

    @Configuration(proxyBeanMethods = false)
    static class FlywayConfig {

        @Bean
        Flyway flyway(DataSource dataSource) {
            return Flyway.configure().dataSource(dataSource).load();
        }
    }

    /** Does not migrate; records that Spring initialised it instead of ours. */
    static class OwnInitializer extends KlinkTokensJdbiMigrationInitializer {

        boolean ran;

        OwnInitializer(JdbiTokenStore store) {
            super(store);
        }

        @Override
        public void afterPropertiesSet() {
            ran = true;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnInitializerConfig {

        @Bean
        OwnInitializer ownInitializer(JdbiTokenStore store) {
            return new OwnInitializer(store);
        }
    }

    @Test
    void contextWhenMigrateDisabledThenNoTablesCreated() {
        runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withPropertyValues("klink.tokens.jdbc.migrate=never")
                .run(context -> {
                    assertThat(context.getBean(TokenStore.class)).isInstanceOf(JdbiTokenStore.class);
                    JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
                    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES "
                            + "WHERE LOWER(TABLE_NAME) = 'klink_tokens'", Integer.class)).isZero();
                });
    }

    @Test
    void contextWhenJdbiModuleMissingThenInMemoryStoreDespiteDataSource() {
        runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader(JdbiTokenStore.class))
                .run(context -> {
                    assertThat(context).hasSingleBean(DataSource.class);
                    assertThat(context.getBean(TokenStore.class)).isInstanceOf(InMemoryTokenStore.class);
                });
    }

    @Test
    void contextWhenApplicationDeclaresBeansThenOursBackOff() {
        runner.withUserConfiguration(UserBeans.class).run(context -> {
            assertThat(context.getBean(TokenStore.class)).isSameAs(UserBeans.STORE);
            assertThat(context.getBean(TokenHasher.class).primaryScheme()).isEqualTo("hmac-sha256:user");
            assertThat(context.getBean(AbilityCatalog.class).definitions()).extracting(d -> d.name())
                    .containsExactly("user:read");
            assertThat(context.getBean(TokenPolicy.class).maxActiveTokensPerOwner()).isEqualTo(3);
            TokenService tokens = context.getBean(TokenService.class);
            assertThat(tokens.store()).isSameAs(UserBeans.STORE);
            assertThat(tokens.policy().maxActiveTokensPerOwner()).isEqualTo(3);
        });
        runner.withUserConfiguration(UserTokenService.class).run(context -> {
            assertThat(context).hasSingleBean(TokenService.class);
            assertThat(context.getBean(TokenService.class).prefix()).isEqualTo("mine");
        });
    }

    @Test
    void contextWhenPropertiesSetThenServiceFollowsThem() {
        runner.withPropertyValues("klink.tokens.prefix=acme_pat", "klink.tokens.accepted-prefixes=old_pat",
                "klink.tokens.hashing.keys[0].id=k2", "klink.tokens.hashing.keys[0].secret=" + KEY_A,
                "klink.tokens.policy.max-lifetime=90d", "klink.tokens.policy.default-lifetime=7d",
                "klink.tokens.policy.allow-never-expires=true",
                "klink.tokens.policy.max-active-tokens-per-owner=5",
                "klink.tokens.abilities[0].name=orders:read",
                "klink.tokens.abilities[0].description=Read orders",
                "klink.tokens.abilities[1].name=orders:write",
                "klink.tokens.abilities[1].description=Change orders",
                "klink.tokens.abilities[1].implies=orders:read")
                .run(context -> {
                    TokenService tokens = context.getBean(TokenService.class);
                    assertThat(tokens.prefix()).isEqualTo("acme_pat");
                    assertThat(tokens.acceptedPrefixes()).containsExactlyInAnyOrder("acme_pat", "old_pat");
                    assertThat(context.getBean(TokenHasher.class).primaryScheme()).isEqualTo("hmac-sha256:k2");
                    assertThat(tokens.policy().maxLifetime()).isEqualTo(Duration.ofDays(90));
                    assertThat(tokens.policy().defaultLifetime()).isEqualTo(Duration.ofDays(7));
                    assertThat(tokens.policy().allowNeverExpires()).isTrue();
                    assertThat(tokens.policy().maxActiveTokensPerOwner()).isEqualTo(5);
                    assertThat(tokens.catalog().grants(List.of("orders:write"), "orders:read")).isTrue();
                    assertThat(tokens.catalog().grants(List.of("orders:read"), "orders:write")).isFalse();
                    IssuedToken issued = tokens.issue(IssueRequest.builder("acme", "alice").name("ci")
                            .abilities("orders:write").build());
                    assertThat(issued.plaintext()).startsWith("acme_pat_");
                });
    }

    @Test
    void contextWhenCustomizersAndListenersThenAppliedInOrder() {
        runner.withUserConfiguration(CustomizerBeans.class).run(context -> {
            CustomizerBeans beans = context.getBean(CustomizerBeans.class);
            assertThat(beans.calls).containsExactly("first", "second");
            TokenService tokens = context.getBean(TokenService.class);
            assertThat(tokens.prefix()).isEqualTo("second");
            tokens.verify("garbage");
            assertThat(beans.events).hasSize(1);
            assertThat(((TokenEvent.VerificationFailed) beans.events.get(0)).reason())
                    .isEqualTo(VerificationFailure.MALFORMED);
        });
    }

    @Test
    void closeWhenContextStopsThenPendingUsageWritten() {
        MutableClock clock = MutableClock.at(NOW);
        InMemoryTokenStore store = new InMemoryTokenStore();
        String[] id = new String[1];
        runner.withBean(Clock.class, () -> clock).withBean(TokenStore.class, () -> store).run(context -> {
            TokenService tokens = context.getBean(TokenService.class);
            IssuedToken issued = tokens.issue(IssueRequest.builder("acme", "alice").name("ci").build());
            id[0] = issued.info().id();
            clock.advance(Duration.ofMinutes(5));
            assertThat(tokens.verify(issued.plaintext(), null, dev.klink.tokens.AbilityCheck.none(), "10.0.0.7"))
                    .isValid();
            assertThat(store.findById(id[0]).orElseThrow().lastUsedAt()).isNull();
        });
        StoredToken written = store.findById(id[0]).orElseThrow();
        assertThat(written.lastUsedAt()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
        assertThat(written.lastUsedIp()).isEqualTo("10.0.0.7");
    }

    // ---------------------------------------------------------------- bad properties stop start-up

    @Test
    void startWhenHashingKeyShorterThan32BytesThenFailsNamingProperty() {
        runner.withPropertyValues("klink.tokens.hashing.keys[0].id=k1",
                "klink.tokens.hashing.keys[0].secret=" + SHORT_KEY)
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("klink.tokens.hashing.keys[0].secret")
                        .hasMessageContaining("at least 32 bytes, was 16")
                        .hasMessageNotContaining(SHORT_KEY));
    }

    @Test
    void startWhenHashingSecretEmptyThenFailsSayingHowToSetIt() {
        String expected = "Property klink.tokens.hashing.keys[1].secret with value '<redacted>' is invalid: "
                + "klink.tokens.hashing.keys[1].secret is empty: set it, e.g. in application.yml as "
                + "secret: ${KLINK_HMAC_KEY} with the environment variable KLINK_HMAC_KEY holding a base64 key of at "
                + "least 32 bytes (openssl rand -base64 32), or from the environment variables "
                + "KLINK_TOKENS_HASHING_KEYS_1_SECRET and KLINK_TOKENS_HASHING_KEYS_1_ID together";
        runner.withPropertyValues("klink.tokens.hashing.keys[0].id=k1", "klink.tokens.hashing.keys[0].secret=" + KEY_A,
                "klink.tokens.hashing.keys[1].id=k0", "klink.tokens.hashing.keys[1].secret=")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessage(expected));
        runner.withPropertyValues("klink.tokens.hashing.keys[0].id=k1", "klink.tokens.hashing.keys[0].secret=" + KEY_A,
                "klink.tokens.hashing.keys[1].id=k0")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessage(expected));
    }

    @Test
    void startWhenHashingKeyFromTheEnvironmentVariablesTheMessageNamesThenHmacWithThatKey() {
        runner.withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
                        // named like the real one, so that Boot maps KLINK_TOKENS_… names as it does in production
                        new SystemEnvironmentPropertySource("test-systemEnvironment", Map.of(
                                "KLINK_TOKENS_HASHING_KEYS_0_ID", "k1", "KLINK_TOKENS_HASHING_KEYS_0_SECRET", KEY_A))))
                .run(context -> assertThat(context.getBean(TokenHasher.class).primaryScheme())
                        .isEqualTo("hmac-sha256:k1"));
    }

    @Test
    void startWhenPrefixInvalidThenFailsNamingProperty() {
        runner.withPropertyValues("klink.tokens.prefix=Bad-Prefix")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("Property klink.tokens.prefix with value 'Bad-Prefix' is invalid"));
    }

    @Test
    void startWhenImpliedAbilityUnknownThenFailsNamingProperty() {
        runner.withPropertyValues("klink.tokens.abilities[0].name=orders:write",
                "klink.tokens.abilities[0].description=Change orders",
                "klink.tokens.abilities[0].implies=orders:read")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("klink.tokens.abilities[0].implies[0] with value 'orders:read'"));
    }

    /** Three good abilities, so that a mistake in the fourth must be named by its index. */
    private static final String[] THREE_ABILITIES = { "klink.tokens.abilities[0].name=orders:read",
        "klink.tokens.abilities[0].description=Read orders", "klink.tokens.abilities[1].name=orders:write",
        "klink.tokens.abilities[1].description=Change orders", "klink.tokens.abilities[2].name=admin",
        "klink.tokens.abilities[2].description=Administer" };

    @Test
    void startWhenAbilityNameMalformedThenFailsNamingProperty() {
        runner.withPropertyValues(THREE_ABILITIES)
                .withPropertyValues("klink.tokens.abilities[3].name=Orders:Read",
                        "klink.tokens.abilities[3].description=Read orders")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("klink.tokens.abilities[3].name with value 'Orders:Read'")
                        .hasMessageContaining("must be an ability"));
    }

    @Test
    void startWhenAbilityNameMissingThenFailsNamingProperty() {
        runner.withPropertyValues(THREE_ABILITIES)
                .withPropertyValues("klink.tokens.abilities[3].description=Read orders")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("klink.tokens.abilities[3].name with value 'null'")
                        .hasMessageContaining("must be an ability"));
    }

    @Test
    void startWhenAbilityDescriptionBlankThenFailsNamingProperty() {
        runner.withPropertyValues(THREE_ABILITIES)
                .withPropertyValues("klink.tokens.abilities[3].name=orders:delete",
                        "klink.tokens.abilities[3].description= ")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("klink.tokens.abilities[3].description")
                        .hasMessageContaining("every ability needs a description"));
    }

    @Test
    void startWhenAbilityDeclaredTwiceThenFailsNamingTheSecond() {
        runner.withPropertyValues(THREE_ABILITIES)
                .withPropertyValues("klink.tokens.abilities[3].name=orders:write",
                        "klink.tokens.abilities[3].description=Change orders again")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("klink.tokens.abilities[3].name with value 'orders:write'")
                        .hasMessageContaining("is declared twice"));
    }

    @Test
    void startWhenDefaultLifetimeExceedsMaxThenFailsNamingProperty() {
        runner.withPropertyValues("klink.tokens.policy.max-lifetime=10d", "klink.tokens.policy.default-lifetime=30d")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("klink.tokens.policy.default-lifetime"));
    }

    @Test
    void startWhenFilterRuleNeedsAbilitiesThenFailsNamingProperty() {
        webRunner.withPropertyValues("klink.tokens.filter.rules[0].pattern=/api/**",
                "klink.tokens.filter.rules[0].access=all")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("klink.tokens.filter.rules[0].abilities"));
    }

    @Test
    void startWhenRealmInvalidThenFailsNamingProperty() {
        webRunner.withPropertyValues("klink.tokens.filter.realm=")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("klink.tokens.filter.realm"));
    }

    // ---------------------------------------------------------------- prune

    @Test
    void pruneWhenEnabledWithCronThenPrunerDeletesOldTokens() {
        MutableClock clock = MutableClock.at(NOW);
        runner.withBean(Clock.class, () -> clock)
                .withPropertyValues("klink.tokens.prune.enabled=true", "klink.tokens.prune.cron=0 15 3 * * *",
                        "klink.tokens.prune.retention=30d")
                .run(context -> {
                    TokenPruner pruner = context.getBean(TokenPruner.class);
                    assertThat(pruner.cronExpression()).isEqualTo("0 15 3 * * *");
                    assertThat(pruner.isRunning()).isTrue();
                    TokenService tokens = context.getBean(TokenService.class);
                    IssuedToken old = tokens.issue(IssueRequest.builder("acme", "alice").name("old")
                            .expiresInDays(1).build());
                    IssuedToken fresh = tokens.issue(IssueRequest.builder("acme", "alice").name("fresh")
                            .expiresInDays(90).build());
                    clock.advance(Duration.ofDays(32));
                    assertThat(pruner.pruneNow()).isEqualTo(1);
                    assertThat(tokens.store().findById(old.info().id())).isEmpty();
                    assertThat(tokens.store().findById(fresh.info().id())).isPresent();
                });
    }

    @Test
    void pruneWhenEnabledWithoutCronThenInterval() {
        runner.withPropertyValues("klink.tokens.prune.enabled=true", "klink.tokens.prune.interval=6h")
                .run(context -> {
                    TokenPruner pruner = context.getBean(TokenPruner.class);
                    assertThat(pruner.cronExpression()).isNull();
                    assertThat(pruner.interval()).isEqualTo(Duration.ofHours(6));
                    assertThat(pruner.retention()).isEqualTo(Duration.ofDays(90));
                });
    }

    @Test
    void startWhenPruneCronInvalidThenFailsNamingProperty() {
        runner.withPropertyValues("klink.tokens.prune.enabled=true", "klink.tokens.prune.cron=every night")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("klink.tokens.prune.cron"));
    }

    // ---------------------------------------------------------------- web: filter or Spring Security

    @Test
    void webWhenNoSpringSecurityThenFilterRegisteredWithRules() {
        webRunner.withPropertyValues("klink.tokens.filter.rules[0].pattern=/api/orders/**",
                "klink.tokens.filter.rules[0].methods=GET", "klink.tokens.filter.rules[0].access=all",
                "klink.tokens.filter.rules[0].abilities=orders:read", "klink.tokens.filter.realm=shop")
                .run(context -> {
                    @SuppressWarnings("unchecked")
                    FilterRegistrationBean<KlinkTokenFilter> registration = context.getBean(
                            "klinkTokenFilterRegistration", FilterRegistrationBean.class);
                    assertThat(registration.getFilter().toString()).isEqualTo("KlinkTokenFilter[realm=shop, "
                            + "rules=[GET /api/orders/** all(orders:read)], defaultAccess=authenticated]");
                    assertThat(context).hasSingleBean(RequiresAbilitiesInterceptor.class);
                    assertThat(context).doesNotHaveBean(SecurityFilterChain.class);
                });
    }

    @Test
    void webWhenFilterDisabledThenNoFilter() {
        webRunner.withPropertyValues("klink.tokens.filter.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("klinkTokenFilterRegistration"));
    }

    @Test
    void webWhenSpringSecurityThenDefaultChainWithTokensAndNoFilter() {
        securityRunner.run(context -> {
                    assertThat(context).hasSingleBean(SecurityFilterChain.class);
                    assertThat(context).hasBean("klinkTokensSecurityFilterChain");
                    assertThat(context.getBean(SecurityFilterChain.class).getFilters())
                            .anyMatch(filter -> filter instanceof
                                    dev.klink.tokens.spring.security.KlinkTokenAuthenticationFilter);
                    assertThat(context).doesNotHaveBean("klinkTokenFilterRegistration");
                });
    }

    @Test
    void webWhenApplicationChainThenOurDefaultChainBacksOff() {
        securityRunner.withUserConfiguration(UserChain.class)
                .run(context -> {
                    assertThat(context).hasSingleBean(SecurityFilterChain.class);
                    assertThat(context).hasBean("userChain");
                    assertThat(context).doesNotHaveBean("klinkTokenFilterRegistration");
                });
    }

    @Test
    void webWhenBootWebSecurityExcludedThenFilterInsteadOfChain() {
        new WebApplicationContextRunner()
                .withInitializer(context -> org.springframework.boot.autoconfigure.condition
                        .ConditionEvaluationReport.get(context.getBeanFactory())
                        .recordExclusions(List.of(ServletWebSecurityAutoConfiguration.class.getName())))
                .withConfiguration(AutoConfigurations.of(KlinkTokensAutoConfiguration.class,
                        KlinkTokensFilterAutoConfiguration.class, KlinkTokensSecurityAutoConfiguration.class,
                        SecurityAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).hasBean("klinkTokenFilterRegistration");
                    assertThat(context).doesNotHaveBean(SecurityFilterChain.class);
                });
    }

    @Test
    void webWhenSpringMvcMissingThenNoInterceptorNorManagement() {
        webRunner.withClassLoader(new FilteredClassLoader(DispatcherServlet.class, SecurityFilterChain.class))
                .withPropertyValues("klink.tokens.management.enabled=true", "klink.tokens.management.tenant=t")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(RequiresAbilitiesInterceptor.class);
                    assertThat(context).doesNotHaveBean(TokenManagementController.class);
                    assertThat(context).hasBean("klinkTokenFilterRegistration");
                });
    }

    // ---------------------------------------------------------------- management endpoints

    @Test
    void managementWhenNotEnabledThenNoController() {
        webRunner.run(context -> assertThat(context).doesNotHaveBean(TokenManagementController.class));
    }

    /** Management on, with a declared ability so that users have something to grant. */
    private static final String[] MANAGEMENT = { "klink.tokens.management.enabled=true",
        "klink.tokens.abilities[0].name=orders:read", "klink.tokens.abilities[0].description=Read orders" };

    @Test
    void managementWhenEnabledWithoutTenantSourceThenStartFailsExplaining() {
        webRunner.withPropertyValues(MANAGEMENT)
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("declare a TokenOwnerResolver bean")
                        .hasMessageContaining("klink.tokens.management.tenant"));
    }

    @Test
    void managementWhenTenantResolverBeanWithoutOwnerResolverThenStartFailsNamingTokenOwnerResolver() {
        TenantResolver fromHeader = request -> request.getHeader("X-Tenant");
        webRunner.withPropertyValues(MANAGEMENT).withBean(TenantResolver.class, () -> fromHeader)
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("TenantResolver")
                        .hasMessageContaining("declare a TokenOwnerResolver bean"));
        // the property names a single tenant, but a TenantResolver says the application has several
        webRunner.withPropertyValues(MANAGEMENT).withPropertyValues("klink.tokens.management.tenant=acme")
                .withBean(TenantResolver.class, () -> fromHeader)
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("declare a TokenOwnerResolver bean"));
    }

    @Test
    void managementWhenTenantResolverAndOwnerResolverBeansThenStarts() {
        webRunner.withPropertyValues(MANAGEMENT)
                .withBean(TenantResolver.class, () -> request -> request.getHeader("X-Tenant"))
                .withBean(TokenOwnerResolver.class, () -> request -> java.util.Optional.empty())
                .run(context -> assertThat(context).hasSingleBean(TokenManagementController.class));
    }

    @Test
    void managementWhenSingleTenantThenSignedInUserActsInThatTenantWhateverTheRequestSays() {
        webRunner.withPropertyValues(MANAGEMENT).withPropertyValues("klink.tokens.management.tenant=acme")
                .run(context -> {
                    TokenOwnerResolver owners = context.getBean(TokenOwnerResolver.class);
                    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/tokens");
                    request.addHeader("X-Tenant", "globex");
                    request.setServerName("globex.example.com");
                    assertThat(owners.resolve(request)).isEmpty();
                    request.setUserPrincipal(() -> "alice");
                    assertThat(owners.resolve(request)).contains(new TokenOwner("acme", "alice"));
                });
    }

    @Test
    void managementWhenNoAbilitiesDeclaredNorGrantableBeanThenStartFailsExplaining() {
        webRunner.withPropertyValues("klink.tokens.management.enabled=true", "klink.tokens.management.tenant=acme")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("klink.tokens.abilities")
                        .hasMessageContaining("GrantableAbilities bean"));
    }

    @Test
    void managementWhenNoAbilitiesDeclaredButGrantableBeanThenStarts() {
        webRunner.withPropertyValues("klink.tokens.management.enabled=true", "klink.tokens.management.tenant=acme")
                .withBean(GrantableAbilities.class, () -> (tenant, owner) -> List.of("orders:read"))
                .run(context -> assertThat(context).hasSingleBean(TokenManagementController.class));
    }

    @Test
    void issueWhenNoGrantableBeanThenExactlyTheDeclaredAbilitiesAndNoWildcard() {
        runner.withPropertyValues("klink.tokens.abilities[0].name=orders:read",
                "klink.tokens.abilities[0].description=Read orders", "klink.tokens.abilities[1].name=orders:write",
                "klink.tokens.abilities[1].description=Change orders", "klink.tokens.abilities[1].implies=orders:read",
                "klink.tokens.abilities[2].name=admin", "klink.tokens.abilities[2].description=Administer")
                .run(context -> {
                    TokenService tokens = context.getBean(TokenService.class);
                    assertThat(tokens.issue(IssueRequest.builder("acme", "alice").name("ok")
                            .abilities("orders:write", "admin").build()).info().abilities())
                            .containsExactlyInAnyOrder("orders:write", "admin");
                    for (String wildcard : List.of("*", "orders:*")) {
                        assertThatThrownBy(() -> tokens.issue(IssueRequest.builder("acme", "alice").name("wide")
                                .abilities(wildcard).build()))
                                .as(wildcard).isInstanceOfSatisfying(InvalidTokenRequestException.class,
                                        e -> assertThat(e.field()).isEqualTo("abilities"));
                    }
                });
    }

    @Test
    void issueWhenNoAbilitiesDeclaredNorGrantableBeanThenNoAbilityGrantable() {
        runner.run(context -> {
            TokenService tokens = context.getBean(TokenService.class);
            assertThat(tokens.issue(IssueRequest.builder("acme", "alice").name("plain").build()).info().abilities())
                    .isEmpty();
            for (String ability : List.of("*", "orders:*", "orders:read")) {
                assertThatThrownBy(() -> tokens.issue(IssueRequest.builder("acme", "alice").name("wide")
                        .abilities(ability).build()))
                        .as(ability).isInstanceOf(InvalidTokenRequestException.class);
            }
        });
    }

    @Test
    void managementWhenEnabledWithTenantThenControllerAndResolver() {
        webRunner.withPropertyValues(MANAGEMENT).withPropertyValues("klink.tokens.management.tenant=acme")
                .run(context -> {
                    assertThat(context).hasSingleBean(TokenManagementController.class);
                    assertThat(context).hasSingleBean(TokenOwnerResolver.class);
                });
    }

    @Test
    void managementWhenApplicationOwnerResolverThenNoTenantNeeded() {
        webRunner.withPropertyValues(MANAGEMENT)
                .withBean(TokenOwnerResolver.class, () -> request -> java.util.Optional.empty())
                .run(context -> assertThat(context).hasSingleBean(TokenManagementController.class));
    }

    @Test
    void managementWhenPathInvalidThenFailsNamingProperty() {
        webRunner.withPropertyValues(MANAGEMENT).withPropertyValues("klink.tokens.management.tenant=acme",
                "klink.tokens.management.path=/api/tokens/")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("klink.tokens.management.path"));
    }

    @Test
    void managementWhenMaxBodySizeNotPositiveThenFailsNamingProperty() {
        webRunner.withPropertyValues(MANAGEMENT).withPropertyValues("klink.tokens.management.tenant=acme",
                "klink.tokens.management.max-body-size=0B")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("klink.tokens.management.max-body-size"));
    }

    // ---------------------------------------------------------------- actuator and micrometer

    @Test
    void healthWhenActuatorPresentThenStoreIndicatorUp() {
        runner.withConfiguration(AutoConfigurations.of(HealthContributorAutoConfiguration.class)).run(context -> {
            Health health = context.getBean("klinkTokensHealthIndicator", HealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).isEqualTo(Map.of("store", "InMemoryTokenStore",
                    "pendingUsageWrites", 0));
        });
    }

    @Test
    void healthWhenStoreFailsThenDown() {
        runner.withBean(TokenStore.class, FailingStore::create).run(context -> {
            Health health = context.getBean(TokenStoreHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("error", IllegalStateException.class.getName());
        });
    }

    @Test
    void healthWhenActuatorMissingThenNoIndicator() {
        runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(context -> assertThat(context).doesNotHaveBean(TokenStoreHealthIndicator.class));
    }

    @Test
    void metricsWhenMeterRegistryThenVerificationsCountedAndTimed() {
        runner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
                .run(context -> {
                    TokenService tokens = context.getBean(TokenService.class);
                    IssuedToken issued = tokens.issue(IssueRequest.builder("acme", "alice").name("ci").build());
                    tokens.verify(issued.plaintext());
                    tokens.verify(issued.plaintext());
                    tokens.verify("not a token");
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.get(KlinkTokensMetrics.VERIFICATIONS).tags("outcome", "valid", "reason",
                            "none").counter().count()).isEqualTo(2.0);
                    assertThat(registry.get(KlinkTokensMetrics.VERIFICATIONS).tags("outcome", "invalid", "reason",
                            "malformed").counter().count()).isEqualTo(1.0);
                    assertThat(registry.get(KlinkTokensMetrics.VERIFICATIONS).tags("outcome", "invalid", "reason",
                            "not_found").counter().count()).isZero();
                    assertThat(registry.get(KlinkTokensMetrics.VERIFICATION_TIMER).tags("outcome", "valid")
                            .timer().count()).isEqualTo(2);
                    assertThat(registry.get(KlinkTokensMetrics.PENDING_USAGE).gauge().value()).isEqualTo(1.0);
                });
    }

    @Test
    void metricsWhenMicrometerMissingThenNoMeters() {
        runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
                .run(context -> {
                    assertThat(context).hasSingleBean(TokenService.class);
                    assertThat(context).doesNotHaveBean(KlinkTokensMetrics.class);
                });
    }

    @Test
    void metricsWhenNoRegistryBeanThenNoMeters() {
        runner.run(context -> assertThat(context).doesNotHaveBean(KlinkTokensMetrics.class));
    }

    @Test
    void metricsWhenUserRegistryBeanThenMetersRegistered() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        runner.withBean(MeterRegistry.class, () -> registry).run(context -> {
            context.getBean(TokenService.class).verify("x");
            assertThat(registry.get(KlinkTokensMetrics.VERIFICATIONS).tags("reason", "malformed").counter().count())
                    .isEqualTo(1.0);
        });
    }

    // ---------------------------------------------------------------- fixtures

    @Configuration(proxyBeanMethods = false)
    static class UserBeans {

        static final TokenStore STORE = new InMemoryTokenStore();

        @Bean
        TokenStore userStore() {
            return STORE;
        }

        @Bean
        TokenHasher userHasher() {
            return TokenHasher.hmacSha256(dev.klink.tokens.HmacKey.fromBase64("user", KEY_A));
        }

        @Bean
        AbilityCatalog userCatalog() {
            return AbilityCatalog.builder().ability("user:read", "Read users").build();
        }

        @Bean
        TokenPolicy userPolicy() {
            return TokenPolicy.builder().maxActiveTokensPerOwner(3).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserTokenService {

        @Bean
        TokenService userTokenService() {
            return TokenService.builder(new InMemoryTokenStore()).prefix("mine").build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class CustomizerBeans {

        final List<String> calls = new ArrayList<>();
        final List<TokenEvent> events = new ArrayList<>();

        @Bean
        @Order(2)
        TokenServiceBuilderCustomizer second() {
            return builder -> {
                calls.add("second");
                builder.prefix("second");
            };
        }

        @Bean
        @Order(1)
        TokenServiceBuilderCustomizer first() {
            return builder -> {
                calls.add("first");
                builder.prefix("first");
            };
        }

        @Bean
        TokenEventListener recordingListener() {
            return events::add;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserChain {

        @Bean
        SecurityFilterChain userChain(org.springframework.security.config.annotation.web.builders.HttpSecurity http) {
            return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).build();
        }
    }

    /** A store whose every read fails, as a database that went away. */
    static final class FailingStore {

        static TokenStore create() {
            InMemoryTokenStore delegate = new InMemoryTokenStore();
            return (TokenStore) java.lang.reflect.Proxy.newProxyInstance(TokenStore.class.getClassLoader(),
                    new Class<?>[] { TokenStore.class }, (proxy, method, args) -> {
                        if (method.getName().startsWith("find")) {
                            throw new IllegalStateException("connection refused");
                        }
                        return method.invoke(delegate, args);
                    });
        }
    }
}
