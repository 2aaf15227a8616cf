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
import dev.klink.tokens.jdbi.PollingInvalidationChannel;
import dev.klink.tokens.jdbi.PostgresNotifyInvalidationChannel;
import dev.klink.tokens.spi.InvalidationChannel;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
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

    @Test
    void contextWhenCacheEnabledOverH2ThenPollingChannelAnnouncedByTheStoreInItsTransactions() {
        runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withPropertyValues("klink.tokens.cache.enabled=true", "klink.tokens.cache.poll-interval=250ms")
                .run(context -> {
                    InvalidationChannel channel = context.getBean(InvalidationChannel.class);
                    assertThat(channel).isInstanceOf(PollingInvalidationChannel.class);
                    assertThat(((PollingInvalidationChannel) channel).table()).isEqualTo("klink_invalidations");
                    assertThat(context.getBean(JdbiTokenStore.class).announcesChangesOn(channel)).isTrue();
                    CachingTokenStore cache = context.getBean(CachingTokenStore.class);
                    assertThat(cache.toString()).contains("channel=" + channel);
                    TokenService tokens = context.getBean(TokenService.class);
                    IssuedToken issued = tokens.issue(IssueRequest.builder("acme", "alice").name("ci").build());
                    tokens.revoke("acme", issued.info().id(), "admin", "leaked");
                    assertThat(tokens.verify(issued.plaintext())).isFailed(VerificationFailure.REVOKED);
                    // one row per change, each written by the store alone (the cache did not publish again)
                    assertThat(invalidationRows(context.getBean(DataSource.class))).isEqualTo(2);
                });
    }

    @Test
    void contextWhenInvalidationNoneThenNoChannel() {
        runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withPropertyValues("klink.tokens.cache.enabled=true", "klink.tokens.cache.invalidation=none")
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(InvalidationChannel.class);
                    assertThat(context.getBean(CachingTokenStore.class).toString()).doesNotContain("channel=");
                });
    }

    @Test
    void contextWhenNotifyAskedOnH2ThenFailsNamingPropertyAndDatabase() {
        runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withPropertyValues("klink.tokens.cache.enabled=true", "klink.tokens.cache.invalidation=notify")
                .run(context -> assertThat(context).getFailure()
                        .hasStackTraceContaining("klink.tokens.cache.invalidation")
                        .hasStackTraceContaining("needs PostgreSQL, the database is H2"));
    }

    @Test
    void contextWhenPollIntervalNotPositiveThenFailsNamingProperty() {
        runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withPropertyValues("klink.tokens.cache.enabled=true", "klink.tokens.cache.poll-interval=0s")
                .run(context -> assertThat(context).getFailure()
                        .hasStackTraceContaining("klink.tokens.cache.poll-interval"));
    }

    @Test
    void contextWhenApplicationDeclaresAChannelThenCacheUsesItAndPublishesItself() {
        RecordingChannel recording = new RecordingChannel();
        runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withBean(InvalidationChannel.class, () -> recording)
                .withPropertyValues("klink.tokens.cache.enabled=true").run(context -> {
                    assertThat(context).getBean(InvalidationChannel.class).isSameAs(recording);
                    assertThat(context.getBean(JdbiTokenStore.class).announcesChangesOn(recording)).isFalse();
                    TokenService tokens = context.getBean(TokenService.class);
                    IssuedToken issued = tokens.issue(IssueRequest.builder("acme", "alice").name("ci").build());
                    tokens.revoke("acme", issued.info().id(), "admin", "leaked");
                    assertThat(recording.published).containsExactly(issued.info().id(), issued.info().id());
                });
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "KLINK_TEST_POSTGRES_URL", matches = ".+")
    void contextWhenCacheEnabledOverPostgresThenNotifyChannelAndPollingWhenAsked() {
        ApplicationContextRunner postgres = runner
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=" + System.getenv("KLINK_TEST_POSTGRES_URL"),
                        "klink.tokens.jdbc.table-prefix=kspg_", "klink.tokens.cache.enabled=true");
        postgres.run(context -> {
            InvalidationChannel channel = context.getBean(InvalidationChannel.class);
            assertThat(channel).isInstanceOf(PostgresNotifyInvalidationChannel.class);
            assertThat(((PostgresNotifyInvalidationChannel) channel).channelName()).isEqualTo("kspg_invalidations");
            assertThat(context.getBean(JdbiTokenStore.class).announcesChangesOn(channel)).isTrue();
            TokenService tokens = context.getBean(TokenService.class);
            IssuedToken issued = tokens.issue(IssueRequest.builder("acme", "alice").name("ci").build());
            assertThat(tokens.verify(issued.plaintext())).isValid();
        });
        postgres.withPropertyValues("klink.tokens.cache.invalidation=polling").run(context -> assertThat(context)
                .getBean(InvalidationChannel.class).isInstanceOf(PollingInvalidationChannel.class));
        Jdbi.create(System.getenv("KLINK_TEST_POSTGRES_URL")).useHandle(handle -> handle
                .execute("DROP TABLE IF EXISTS kspg_tokens, kspg_schema_version, kspg_invalidations"));
    }

    private static int invalidationRows(DataSource dataSource) {
        return Jdbi.create(dataSource).withHandle(handle -> handle
                .createQuery("SELECT COUNT(*) FROM klink_invalidations").mapTo(Integer.class).one());
    }

    /** A channel of the application's own: records what is published. */
    private static final class RecordingChannel implements InvalidationChannel {

        final List<String> published = new ArrayList<>();

        @Override
        public synchronized void publish(String tokenId) {
            published.add(tokenId);
        }

        @Override
        public synchronized void publishAll() {
            published.add("*");
        }

        @Override
        public void subscribe(Listener listener) {
        }

        @Override
        public boolean isConnected() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
