package dev.klink.tokens.spring.autoconfigure;

import static dev.klink.tokens.testing.VerificationResultAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.InMemoryTokenStore;
import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.IssuedToken;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.VerificationFailure;
import dev.klink.tokens.caffeine.CachingTokenStore;
import dev.klink.tokens.jdbi.JdbiTokenStore;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code klink.tokens.cache.*}: the verification cache in front of the token store. */
class KlinkTokensCacheAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KlinkTokensAutoConfiguration.class,
                    KlinkTokensJdbiAutoConfiguration.class, KlinkTokensCacheAutoConfiguration.class));

    @Test
    void contextWhenCacheNotEnabledThenNoCache() {
        runner.run(context -> {
            assertThat(context).doesNotHaveBean(CachingTokenStore.class);
            assertThat(context.getBean(TokenService.class).store()).isInstanceOf(InMemoryTokenStore.class);
        });
    }

    @Test
    void contextWhenCacheEnabledThenTokenServiceReadsThroughItAndLocalRevocationIsImmediate() {
        runner.withPropertyValues("klink.tokens.cache.enabled=true", "klink.tokens.cache.maximum-size=500",
                "klink.tokens.cache.time-to-live=30s", "klink.tokens.cache.negative-time-to-live=2s").run(context -> {
                    TokenService tokens = context.getBean(TokenService.class);
                    CachingTokenStore cache = context.getBean(CachingTokenStore.class);
                    assertThat(tokens.store()).isSameAs(cache);
                    assertThat(cache.delegate()).isInstanceOf(InMemoryTokenStore.class);
                    assertThat(cache).hasToString("CachingTokenStore[maximumSize=500, timeToLive=PT30S, "
                            + "negativeMaximumSize=10000, negativeTimeToLive=PT2S, delegate=" + cache.delegate()
                            + "]");
                    IssuedToken issued = tokens.issue(IssueRequest.builder("acme", "alice").name("ci").build());
                    assertThat(tokens.verify(issued.plaintext())).isValid();
                    tokens.revoke("acme", issued.info().id(), "admin", "leaked");
                    assertThat(tokens.verify(issued.plaintext())).isFailed(VerificationFailure.REVOKED);
                });
    }

    @Test
    void contextWhenCacheEnabledOverJdbiThenCacheWrapsTheJdbiStoreAndTheSchemaIsMigrated() {
        runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withPropertyValues("klink.tokens.cache.enabled=true").run(context -> {
                    TokenService tokens = context.getBean(TokenService.class);
                    assertThat(context).hasSingleBean(KlinkTokensJdbiMigrationInitializer.class);
                    assertThat(((CachingTokenStore) tokens.store()).delegate())
                            .isSameAs(context.getBean(JdbiTokenStore.class));
                    IssuedToken issued = tokens.issue(IssueRequest.builder("acme", "alice").name("ci").build());
                    assertThat(tokens.verify(issued.plaintext())).isValid();
                });
    }

    @Test
    void contextWhenCacheEnabledWithoutTheCaffeineModuleThenNoCache() {
        runner.withPropertyValues("klink.tokens.cache.enabled=true")
                .withClassLoader(new FilteredClassLoader(CachingTokenStore.class)).run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(TokenService.class).store()).isInstanceOf(InMemoryTokenStore.class);
                });
    }

    @Test
    void contextWhenCacheSizeNotPositiveThenFailsNamingProperty() {
        runner.withPropertyValues("klink.tokens.cache.enabled=true", "klink.tokens.cache.negative-maximum-size=0")
                .run(context -> assertThat(context).getFailure()
                        .hasStackTraceContaining("klink.tokens.cache.negative-maximum-size"));
    }
}
