package dev.klink.tokens.jdbi;

import dev.klink.tokens.spi.TokenStore;
import dev.klink.tokens.testing.MutableClock;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;

/** The contract every store passes, on PostgreSQL, by a store that notifies in the transaction of each change. */
class JdbiTokenStoreNotifyPostgresContractTest extends JdbiTokenStoreContractTestBase {

    private @Nullable PostgresNotifyInvalidationChannel channel;

    @Override
    TestDatabase openDatabase() {
        return TestDatabase.postgres("klink_ct_pgn_");
    }

    @Override
    protected TokenStore createStore(MutableClock clock) {
        super.createStore(clock); // creates or empties the tables
        TestDatabase database = schema.database();
        if (channel == null) {
            channel = PostgresNotifyInvalidationChannel.builder(database.newJdbi())
                    .tablePrefix(database.tablePrefix()).build();
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
