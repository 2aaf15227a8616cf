package dev.klink.tokens.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * The NOTIFY channel without a PostgreSQL server: settings, the back-off between failed connection attempts, and
 * {@link PostgresNotifyInvalidationChannel#close()}.
 */
class PostgresNotifyInvalidationChannelTest {

    /** Connections that always fail, counting the attempts. */
    private final AtomicInteger attempts = new AtomicInteger();
    private final Jdbi unreachable = Jdbi.create(() -> {
        attempts.incrementAndGet();
        throw new SQLException("Connection refused", "08001");
    });

    @Test
    void connectWhenRefusedThenRetriesAfterDoublingDelaysCappedAndNeverConnected() throws Exception {
        BlockingQueue<Duration> delays = new LinkedBlockingQueue<>();
        PostgresNotifyInvalidationChannel channel = PostgresNotifyInvalidationChannel.builder(unreachable)
                .initialBackoff(Duration.ofMillis(50)).maxBackoff(Duration.ofMillis(300))
                .sleeper(delays::put).build();
        try {
            List<Duration> first = List.of(take(delays), take(delays), take(delays), take(delays), take(delays),
                    take(delays));
            assertThat(first).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200),
                    Duration.ofMillis(300), Duration.ofMillis(300), Duration.ofMillis(300));
            assertThat(attempts.get()).isGreaterThanOrEqualTo(6);
            assertThat(channel.isConnected()).isFalse();
            assertThat(channel.backendPid()).isEqualTo(-1);
        } finally {
            channel.close();
        }
    }

    @Test
    void connectWhenDatabaseIsNotPostgresqlThenRetriesAndNeverConnected() throws Exception {
        BlockingQueue<Duration> delays = new LinkedBlockingQueue<>();
        TestDatabase h2 = TestDatabase.h2("klink_");
        PostgresNotifyInvalidationChannel channel = PostgresNotifyInvalidationChannel.builder(h2.jdbi())
                .sleeper(delays::put).build();
        try {
            assertThat(take(delays)).isEqualTo(Duration.ofMillis(100));
            assertThat(take(delays)).isEqualTo(Duration.ofMillis(200));
            assertThat(channel.isConnected()).isFalse();
        } finally {
            channel.close();
        }
    }

    @Test
    void closeWhileWaitingToReconnectThenThreadStopsAndNoMoreAttempts() {
        PostgresNotifyInvalidationChannel channel = PostgresNotifyInvalidationChannel.builder(unreachable)
                .initialBackoff(Duration.ofMinutes(10)).maxBackoff(Duration.ofMinutes(10)).build();
        awaitAttempts(1);

        channel.close();

        assertThat(channel.stopped()).isTrue();
        assertThat(channel.isConnected()).isFalse();
        assertThat(attempts.get()).isEqualTo(1);
        channel.close(); // a no-op the second time
        assertThat(channel.stopped()).isTrue();
    }

    @Test
    void publishWhenDatabaseUnreachableThenStoreUnavailableNamingTheChannel() {
        PostgresNotifyInvalidationChannel channel = PostgresNotifyInvalidationChannel.builder(unreachable)
                .tablePrefix("app_").initialBackoff(Duration.ofMinutes(10)).maxBackoff(Duration.ofMinutes(10))
                .build();
        try {
            assertThatExceptionOfType(dev.klink.tokens.TokenStoreUnavailableException.class)
                    .isThrownBy(() -> channel.publish("0123456789abcdef"))
                    .withMessageContaining("announce a change in channel app_invalidations")
                    .withMessageContaining("SQLState 08001");
        } finally {
            channel.close();
        }
    }

    @Test
    void builderWhenSettingsInvalidThenNamesTheSetting() {
        PostgresNotifyInvalidationChannel.Builder builder = PostgresNotifyInvalidationChannel.builder(unreachable);
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> builder.initialBackoff(Duration.ZERO))
                .withMessage("initialBackoff must be positive, was PT0S");
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> builder.heartbeatInterval(Duration.ofSeconds(-1)))
                .withMessage("heartbeatInterval must be positive, was PT-1S");
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> builder.applicationName("node 1; DROP"))
                .withMessageStartingWith("applicationName must be 1 to 63 letters");
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> builder.tablePrefix("Bad-Prefix"));
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> builder.initialBackoff(Duration.ofSeconds(2)).maxBackoff(Duration.ofSeconds(1))
                        .build())
                .withMessage("maxBackoff must be at least initialBackoff (PT2S), was PT1S");
        assertThat(attempts.get()).isZero();
    }

    @Test
    void channelNameWhenPrefixGivenThenPrefixInvalidations() {
        PostgresNotifyInvalidationChannel channel = PostgresNotifyInvalidationChannel.builder(unreachable)
                .tablePrefix("app_").applicationName("node-1").initialBackoff(Duration.ofMinutes(10))
                .maxBackoff(Duration.ofMinutes(10)).build();
        try {
            assertThat(channel.channelName()).isEqualTo("app_invalidations");
            assertThat(channel.applicationName()).isEqualTo("node-1");
            assertThat(channel).hasToString(
                    "PostgresNotifyInvalidationChannel[channel=app_invalidations, connected=false]");
        } finally {
            channel.close();
        }
    }

    private static Duration take(BlockingQueue<Duration> delays) throws InterruptedException {
        Duration delay = delays.poll(10, TimeUnit.SECONDS);
        assertThat(delay).as("a reconnection attempt within 10 s").isNotNull();
        return delay;
    }

    private void awaitAttempts(int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (attempts.get() < count) {
            assertThat(System.nanoTime()).as("attempts within 10 s").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }
}
