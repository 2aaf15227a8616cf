package dev.klink.tokens.spi;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The latest successful use of a token: written behind, coalesced, only ever moving forward. */
public record UsageUpdate(String tokenId, Instant at, @Nullable String clientIp) {

    public UsageUpdate {
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(at, "at");
    }
}
