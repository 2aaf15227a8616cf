package dev.klink.tokens.jdbi;

import dev.klink.tokens.spi.TokenStore;
import dev.klink.tokens.testing.MutableClock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;

/**
 * The contract every store passes, on MariaDB, by a store that writes a row of the invalidation log in the
 * transaction of each change.
 */
class JdbiTokenStorePollingMariaDbContractTest extends JdbiTokenStoreContractTestBase {

    private @Nullable PollingInvalidationChannel channel;

    @Override
    TestDatabase openDatabase() {
        return TestDatabase.mariaDb("klink_ct_mpoll_");
    }

    @Override
    protected TokenStore createStore(MutableClock clock) {
        super.createStore(clock); // creates or empties the tables
        TestDatabase database = schema.database();
        if (channel == null) {
            channel = PollingInvalidationChannel.builder(database.newJdbi()).tablePrefix(database.tablePrefix())
                    .pollInterval(Duration.ofSeconds(1)).build();
        }
        return JdbiTokenStore.builder(database.jdbi()).tablePrefix(database.tablePrefix()).clock(clock)
                .invalidationChannel(channel).build();
    }

    @AfterAll
    void closeChannel() {
        if (channel != null) {
            channel.close();
        }
    }
}
