package dev.klink.tokens.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** Databases from the environment; without one, the calling test is skipped with a message how to run it. */
final class TestDatabases {

    static final String POSTGRES_ENV = "KLINK_TEST_POSTGRES_URL";

    private TestDatabases() {
    }

    /** Drops the tables {@code migrate} creates with {@code tablePrefix}, left by an earlier run. */
    static void dropTables(String url, String tablePrefix) {
        Jdbi jdbi = Jdbi.create(url);
        for (String table : List.of("tokens", "schema_version", "reminders")) {
            jdbi.useHandle(handle -> handle.execute("DROP TABLE IF EXISTS " + tablePrefix + table));
        }
    }

    /** PostgreSQL at {@code $KLINK_TEST_POSTGRES_URL}, or a skipped test. */
    static String postgres() {
        String url = System.getenv(POSTGRES_ENV);
        assumeTrue(url != null && !url.isBlank(), () -> "PostgreSQL tests are skipped because " + POSTGRES_ENV
                + " is not set. To run them, point it at a database the tests may create tables in, e.g. "
                + POSTGRES_ENV + "='jdbc:postgresql://127.0.0.1:5432/test?user=postgres' mvn -pl klink-tokens-cli "
                + "-am verify");
        return url;
    }
}
