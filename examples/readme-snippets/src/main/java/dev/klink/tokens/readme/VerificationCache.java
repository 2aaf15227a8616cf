package dev.klink.tokens.readme;

// readme:begin
import dev.klink.tokens.TokenService;
import dev.klink.tokens.caffeine.CachingTokenStore;
import dev.klink.tokens.spi.TokenStore;
import java.time.Duration;
// readme:end

/** README "Verification cache": a store wrapped in the cache. */
public final class VerificationCache {

    private VerificationCache() {
    }

    // readme:begin
    static TokenService cached(TokenStore jdbiStore) {
        TokenStore cached = CachingTokenStore.builder(jdbiStore)
                .maximumSize(10_000).timeToLive(Duration.ofSeconds(10))                   // found tokens
                .negativeMaximumSize(10_000).negativeTimeToLive(Duration.ofSeconds(1))    // unknown ids
                .build();
        return TokenService.builder(cached).build();
    }
    // readme:end
}
