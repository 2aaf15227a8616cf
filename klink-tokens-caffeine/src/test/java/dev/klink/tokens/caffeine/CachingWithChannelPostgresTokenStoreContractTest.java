package dev.klink.tokens.caffeine;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The contract, by the JDBI store on PostgreSQL at {@code $KLINK_TEST_POSTGRES_URL} behind a cache with a polling
 * invalidation channel.
 */
class CachingWithChannelPostgresTokenStoreContractTest extends CachingWithChannelContractTestBase {

    private static final String VARIABLE = "KLINK_TEST_POSTGRES_URL";

    @Override
    protected String url() {
        String url = System.getenv(VARIABLE);
        assumeTrue(url != null && !url.isBlank(), () -> "Skipped because " + VARIABLE
                + " is not set; point it at a database the tests may create tables in");
        return url;
    }

    @Override
    protected String tablePrefix() {
        return "kcc_pg_";
    }
}
