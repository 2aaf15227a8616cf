package dev.klink.tokens.spi;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * When a token stops working, who said so and why. {@code at} may lie in the future: a rotation with a grace
 * period revokes the old token later.
 */
public record Revocation(Instant at, String actor, @Nullable String reason) {

    public Revocation {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
    }
}
