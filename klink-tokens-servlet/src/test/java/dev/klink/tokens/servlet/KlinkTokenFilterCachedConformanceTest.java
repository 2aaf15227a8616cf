package dev.klink.tokens.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Every row of {@link KlinkTokenFilterConformanceTest} with a verification cache and an invalidation channel in
 * front of the store: the cache changes no answer, and a store that is down still gives 503.
 */
class KlinkTokenFilterCachedConformanceTest extends KlinkTokenFilterConformanceTest {

    @Override
    StoreFront storeFront() {
        return StoreFront.CACHED;
    }

    @Test
    void filterWhenSameTokenAgainThenAnsweredFromTheCache() throws Exception {
        assertThat(server.getWithToken("/api/me", reader.plaintext()).status()).isEqualTo(200);
        int lookups = store.lookups();

        assertThat(server.getWithToken("/api/me", reader.plaintext()).status()).isEqualTo(200);

        assertThat(store.lookups()).as("the cache is on in this run").isEqualTo(lookups);
    }
}
