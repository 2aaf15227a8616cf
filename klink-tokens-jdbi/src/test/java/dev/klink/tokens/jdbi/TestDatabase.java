package dev.klink.tokens.jdbi;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * A database the tests run against, with the table prefix of one test class so that classes never share tables.
 * PostgreSQL and MariaDB come from environment variables; without them the calling test class is skipped.
 */
record TestDatabase(String label, String url, Jdbi jdbi, String tablePrefix) {

    static final String POSTGRES_ENV = "KLINK_TEST_POSTGRES_URL";
    static final String MARIADB_ENV = "KLINK_TEST_MARIADB_URL";

    /** A private in-memory H2 database that lives until the JVM exits. */
    static TestDatabase h2(String tablePrefix) {
        String url = "jdbc:h2:mem:klink-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        return new TestDatabase("H2", url, Jdbi.create(url), tablePrefix);
    }

    /** PostgreSQL at {@code $KLINK_TEST_POSTGRES_URL}, or a skipped test class. */
    static TestDatabase postgres(String tablePrefix) {
        return fromEnvironment("PostgreSQL", POSTGRES_ENV, "jdbc:postgresql://127.0.0.1:5432/test?user=postgres",
                tablePrefix);
    }

    /** MariaDB at {@code $KLINK_TEST_MARIADB_URL}, or a skipped test class. */
    static TestDatabase mariaDb(String tablePrefix) {
        return fromEnvironment("MariaDB", MARIADB_ENV, "jdbc:mariadb://127.0.0.1:3306/test?user=root&password=",
                tablePrefix);
    }

    private static TestDatabase fromEnvironment(String label, String variable, String example, String tablePrefix) {
        String url = System.getenv(variable);
        assumeTrue(url != null && !url.isBlank(), () -> label + " tests are skipped because " + variable
                + " is not set. To run them, point it at a database the tests may create tables in, e.g. "
                + variable + "='" + example + "' mvn -pl klink-tokens-jdbi verify");
        return new TestDatabase(label, url, Jdbi.create(url), tablePrefix);
    }

    /** Another Jdbi over the same database, to configure without touching {@link #jdbi()}. */
    Jdbi newJdbi() {
        return Jdbi.create(url);
    }

    JdbiTokenStore store() {
        return JdbiTokenStore.builder(jdbi).tablePrefix(tablePrefix).build();
    }

    JdbiTokenStore store(Clock clock) {
        return JdbiTokenStore.builder(jdbi).tablePrefix(tablePrefix).clock(clock).build();
    }

    /** Creates the tables (dropping what a crashed earlier run left). */
    void createSchema() {
        dropSchema();
        store().migrate();
    }

    void deleteAllTokens() {
        jdbi.useHandle(handle -> handle.execute("DELETE FROM " + tablePrefix + "usage_daily"));
        jdbi.useHandle(handle -> handle.execute("DELETE FROM " + tablePrefix + "tokens"));
        jdbi.useHandle(handle -> handle.execute("DELETE FROM " + tablePrefix + "reminders"));
    }

    void dropSchema() {
        for (String table : List.of(tablePrefix + "usage_daily", tablePrefix + "tokens", tablePrefix + "schema_version",
                tablePrefix + "invalidations", tablePrefix + "reminders")) {
            jdbi.useHandle(handle -> handle.execute("DROP TABLE IF EXISTS " + table));
        }
    }

    @Override
    public String toString() {
        return label + " (tables " + tablePrefix + "*)";
    }
}
