package dev.klink.tokens.spi;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * When a token stops working, who said so and why.
 *
 * <p>An {@linkplain #immediate(Instant, String, String) immediate} revocation (revoke, revoke-all, a rotation with no
 * grace period) counts on every node from the moment it is stored, whatever that node's clock says: {@code at} only
 * records when it happened. A {@linkplain #scheduled(Instant, String, String) scheduled} one (a rotation with a grace
 * period) is a time: each node compares {@code at} with its own clock.
 *
 * @param at when it happened (immediate) or takes effect (scheduled)
 * @param immediate whether it counts at once, with no clock comparison
 */
public record Revocation(Instant at, String actor, @Nullable String reason, boolean immediate) {

    public Revocation {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
    }

    /** A revocation that counts at once on every node; {@code at} is when it happened. */
    public static Revocation immediate(Instant at, String actor, @Nullable String reason) {
        return new Revocation(at, actor, reason, true);
    }

    /** A revocation that takes effect at {@code at} by each node's clock (the end of a rotation's grace period). */
    public static Revocation scheduled(Instant at, String actor, @Nullable String reason) {
        return new Revocation(at, actor, reason, false);
    }
}
