package dev.klink.tokens.caffeine;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.klink.tokens.jdbi.JdbiTokenStore;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** Every table the JDBI schema creates, for tests that give each class a table prefix of its own. */
final class KlinkTables {

    /** Dependent tables first, so that a database enforcing references could drop them in this order. */
    private static final List<String> TABLES = List.of("usage_daily", "reminders", "invalidations", "tokens",
            "schema_version");
    /** What a test empties between runs; the schema version stays. */
    private static final List<String> DATA = List.of("usage_daily", "reminders", "invalidations", "tokens");

    private KlinkTables() {
    }

    /**
     * The JDBC URL in the environment variable {@code urlVariable}, its tables under {@code tablePrefix} dropped and
     * migrated anew; the test is skipped, saying how to enable it, when the variable is not set.
     */
    static String freshSchema(String urlVariable, String tablePrefix) {
        String url = System.getenv(urlVariable);
        assumeTrue(url != null && !url.isBlank(), () -> "Skipped because " + urlVariable
                + " is not set; point it at a database the tests may create tables in");
        Jdbi jdbi = Jdbi.create(url);
        drop(jdbi, tablePrefix);
        JdbiTokenStore.builder(jdbi).tablePrefix(tablePrefix).build().migrate();
        return url;
    }

    static void drop(Jdbi jdbi, String tablePrefix) {
        for (String table : TABLES) {
            jdbi.useHandle(handle -> handle.execute("DROP TABLE IF EXISTS " + tablePrefix + table));
        }
    }

    static void clear(Jdbi jdbi, String tablePrefix) {
        for (String table : DATA) {
            jdbi.useHandle(handle -> handle.execute("DELETE FROM " + tablePrefix + table));
        }
    }
}
