package dev.klink.tokens.spi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The latest successful use of a token (written behind, coalesced, only ever moving forward) and the successful
 * verifications counted since the last write, per UTC day ({@code counts}: added to what the
 * store holds).
 */
public record UsageUpdate(String tokenId, Instant at, @Nullable String clientIp, List<DailyUsage> counts) {

    public UsageUpdate {
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(at, "at");
        counts = List.copyOf(counts);
    }

    /** The latest use without counts. */
    public UsageUpdate(String tokenId, Instant at, @Nullable String clientIp) {
        this(tokenId, at, clientIp, List.of());
    }
}
