package dev.klink.tokens.spring;

import dev.klink.tokens.TokenService;
import java.util.Objects;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Whether the token store answers: reads a token id that cannot exist (one primary-key lookup, as a verification
 * makes). Details: the store and the number of last-used times waiting to be written. DOWN means every request with
 * a token is answered 503 until it recovers.
 */
public final class TokenStoreHealthIndicator implements HealthIndicator {

    /** A well-formed id no issued token has: issued ids are random base62, this one is all zeros. */
    private static final String PROBE_ID = "0000000000000000";

    private final TokenService tokens;

    public TokenStoreHealthIndicator(TokenService tokens) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    @Override
    public Health health() {
        String store = tokens.store().getClass().getSimpleName();
        try {
            tokens.store().findById(PROBE_ID);
        } catch (RuntimeException e) {
            // the exception's class only: driver messages may carry connection strings
            return Health.down().withDetail("store", store).withDetail("error", e.getClass().getName()).build();
        }
        return Health.up().withDetail("store", store)
                .withDetail("pendingUsageWrites", tokens.pendingUsageWrites()).build();
    }
}
