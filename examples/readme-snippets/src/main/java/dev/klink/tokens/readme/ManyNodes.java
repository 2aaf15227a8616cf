package dev.klink.tokens.readme;

// readme:begin
import dev.klink.tokens.TokenService;
import dev.klink.tokens.caffeine.CachingTokenStore;
import dev.klink.tokens.jdbi.JdbiTokenStore;
import dev.klink.tokens.jdbi.PostgresNotifyInvalidationChannel;
import dev.klink.tokens.spi.TokenStore;
import org.jdbi.v3.core.Jdbi;
// readme:end

/** README "Verification cache": one node of many over PostgreSQL, with a NOTIFY invalidation channel. */
public final class ManyNodes {

    private ManyNodes() {
    }

    // readme:begin
    static TokenService node(Jdbi jdbi) {
        PostgresNotifyInvalidationChannel channel = PostgresNotifyInvalidationChannel.builder(jdbi)
                .tablePrefix("klink_").build();                  // channel klink_invalidations; close() on shutdown
        JdbiTokenStore store = JdbiTokenStore.builder(jdbi).tablePrefix("klink_")
                .invalidationChannel(channel)                    // pg_notify inside each change's transaction
                .build();
        TokenStore cached = CachingTokenStore.builder(store).invalidationChannel(channel).build();
        return TokenService.builder(cached).build();
    }
    // readme:end
}
