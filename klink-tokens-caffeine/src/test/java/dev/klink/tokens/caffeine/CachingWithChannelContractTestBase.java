package dev.klink.tokens.caffeine;

import dev.klink.tokens.jdbi.JdbiTokenStore;
import dev.klink.tokens.jdbi.PollingInvalidationChannel;
import dev.klink.tokens.spi.TokenStore;
import dev.klink.tokens.testing.MutableClock;
import dev.klink.tokens.testing.TokenStoreContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.TestInstance;

/**
 * The contract every store passes, by the JDBI store behind a verification cache that listens on a polling
 * invalidation channel over the same database, as a node of a cluster runs it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CachingWithChannelContractTestBase extends TokenStoreContract {

    private final List<PollingInvalidationChannel> channels = new ArrayList<>();
    private @Nullable Jdbi jdbi;

    /** The JDBC URL of the database (a subclass skips when it has none). */
    protected abstract String url();

    /** A table prefix of this class alone. */
    protected abstract String tablePrefix();

    @Override
    protected TokenStore createStore(MutableClock clock) {
        Jdbi database = jdbi;
        if (database == null) {
            database = Jdbi.create(url());
            KlinkTables.drop(database, tablePrefix());
            JdbiTokenStore.builder(database).tablePrefix(tablePrefix()).build().migrate();
            jdbi = database;
        }
        KlinkTables.clear(database, tablePrefix());
        JdbiTokenStore store = JdbiTokenStore.builder(database).tablePrefix(tablePrefix()).clock(clock).build();
        PollingInvalidationChannel channel = PollingInvalidationChannel.builder(database).tablePrefix(tablePrefix())
                .pollInterval(Duration.ofMillis(50)).build();
        channels.add(channel);
        awaitConnected(channel);
        return CachingTokenStore.builder(store).clock(clock).invalidationChannel(channel).build();
    }

    /** Until the first poll the cache is bypassed; the contract is meant to run through it. */
    private static void awaitConnected(PollingInvalidationChannel channel) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!channel.isConnected()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the channel did not connect within 10 s");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @AfterEach
    void closeChannels() {
        channels.forEach(PollingInvalidationChannel::close);
        channels.clear();
    }

    @AfterAll
    void dropTables() {
        if (jdbi != null) {
            KlinkTables.drop(jdbi, tablePrefix());
        }
    }
}
