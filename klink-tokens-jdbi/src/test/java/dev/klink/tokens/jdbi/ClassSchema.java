package dev.klink.tokens.jdbi;

import java.time.Clock;
import java.util.function.Supplier;

/**
 * The token tables of one test class: created on the first {@link #emptyStore(Clock)} (not in {@code @BeforeAll},
 * so that a missing database shows as skipped tests in the reports), emptied for every later one, dropped at the end.
 */
final class ClassSchema {

    private final Supplier<TestDatabase> opener;
    private TestDatabase database;

    ClassSchema(Supplier<TestDatabase> opener) {
        this.opener = opener;
    }

    /** A store over the class's tables, with no tokens in them. */
    JdbiTokenStore emptyStore(Clock clock) {
        if (database == null) {
            database = opener.get();
            database.createSchema();
        }
        database.deleteAllTokens();
        return database.store(clock);
    }

    /** The database, once {@link #emptyStore(Clock)} has opened it. */
    TestDatabase database() {
        if (database == null) {
            throw new IllegalStateException("no store made yet");
        }
        return database;
    }

    /** Drops the tables, if they were created. */
    void drop() {
        if (database != null) {
            database.dropSchema();
        }
    }
}
