package dev.klink.tokens.caffeine;

import java.util.UUID;

/** The contract, by the JDBI store on H2 behind a cache with a polling invalidation channel. */
class CachingWithChannelH2TokenStoreContractTest extends CachingWithChannelContractTestBase {

    private final String url = "jdbc:h2:mem:klink-cache-channel-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

    @Override
    protected String url() {
        return url;
    }

    @Override
    protected String tablePrefix() {
        return "klink_";
    }
}
