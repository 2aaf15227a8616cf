package dev.klink.tokens.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.klink.tokens.TokenStoreUnavailableException;
import dev.klink.tokens.spi.InvalidationChannel;
import dev.klink.tokens.testing.MutableClock;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The polling channel over H2: delivery, a poller cut from its database, pruning. */
class PollingInvalidationChannelH2Test {

    private static final Duration INTERVAL = Duration.ofMillis(20);

    private final TestDatabase database = TestDatabase.h2("klink_");
    private final MutableClock clock = MutableClock.at("2026-06-01T08:00:00Z");
    private final AtomicBoolean cut = new AtomicBoolean();
    private final List<PollingInvalidationChannel> channels = new CopyOnWriteArrayList<>();

    @BeforeEach
    void createSchema() {
        database.createSchema();
    }

    @AfterEach
    void closeChannels() {
        channels.forEach(PollingInvalidationChannel::close);
    }

    private PollingInvalidationChannel channel(Jdbi jdbi) {
        PollingInvalidationChannel channel = PollingInvalidationChannel.builder(jdbi).pollInterval(INTERVAL)
                .maxSilence(Duration.ofDays(1)).retention(Duration.ofMinutes(1)).clock(clock).build();
        channels.add(channel);
        await(channel::isConnected);
        return channel;
    }

    /** A Jdbi over the same database whose connections fail while {@link #cut} is set. */
    private Jdbi cuttable() {
        return Jdbi.create(() -> {
            if (cut.get()) {
                throw new SQLException("Connection refused", "08001");
            }
            return DriverManager.getConnection(database.url());
        });
    }

    @Test
    void publishWhenPolledThenEveryNodeReceivesEachIdOnceInOrder() {
        PollingInvalidationChannel one = channel(database.jdbi());
        PollingInvalidationChannel two = channel(database.jdbi());
        Recorder received = new Recorder();
        two.subscribe(received);

        one.publish("id1");
        one.publishAll();
        two.publish("id2");

        await(() -> received.events.size() == 3);
        assertThat(received.events).containsExactly("id1", "*", "id2");
    }

    @Test
    void pollWhenDatabaseCutThenDisconnectedAndOnceBackEverythingDroppedAndMissedIdsDelivered() {
        PollingInvalidationChannel publisher = channel(database.jdbi());
        PollingInvalidationChannel node = channel(cuttable());
        Recorder received = new Recorder();
        node.subscribe(received);

        cut.set(true);
        await(() -> !node.isConnected());
        publisher.publish("missed");
        cut.set(false);

        await(node::isConnected);
        await(() -> received.events.size() == 2);
        assertThat(received.events).containsExactly("missed", "*");
    }

    @Test
    void channelWhenFirstPollNotDoneThenNotConnected() {
        cut.set(true);
        PollingInvalidationChannel node = PollingInvalidationChannel.builder(cuttable()).pollInterval(INTERVAL)
                .clock(clock).build();
        channels.add(node);

        assertThat(node.isConnected()).isFalse();
    }

    @Test
    void publishWhenDatabaseCutThenUnavailableNamingTheTable() {
        PollingInvalidationChannel node = channel(cuttable());
        cut.set(true);

        assertThatExceptionOfType(TokenStoreUnavailableException.class).isThrownBy(() -> node.publish("id1"))
                .withMessageContaining("klink_invalidations");
    }

    @Test
    void pollWhenRowsOlderThanRetentionThenPruned() {
        PollingInvalidationChannel node = channel(database.jdbi());
        node.publish("old");
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        node.publish("recent");

        await(() -> rows() == 1);
        List<String> left = database.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT token_id FROM klink_invalidations").mapTo(String.class).list());
        assertThat(left).containsExactly("recent");
    }

    @Test
    void builderWhenSettingNotPositiveThenNamesIt() {
        PollingInvalidationChannel.Builder builder = PollingInvalidationChannel.builder(database.jdbi());
        assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> builder.pollInterval(Duration.ZERO))
                .withMessage("pollInterval must be positive, was PT0S");
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> builder.retention(Duration.ofSeconds(-1)))
                .withMessage("retention must be positive, was PT-1S");
    }

    private long rows() {
        return database.jdbi().withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM klink_invalidations")
                .mapTo(Long.class).one());
    }

    /** Waits (at most 10 s) for what another thread does. */
    static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within 10 s");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Records what a node receives: ids, and {@code *} for "drop everything". */
    private static final class Recorder implements InvalidationChannel.Listener {

        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void invalidate(String tokenId) {
            events.add(tokenId);
        }

        @Override
        public void invalidateAll() {
            events.add("*");
        }
    }
}
