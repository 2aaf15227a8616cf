package dev.klink.tokens;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The answer of {@link TokenService#verify}: a {@link TokenPrincipal} when valid, otherwise a
 * {@link VerificationFailure} and, when the token's id was read, that id.
 */
public final class VerificationResult {

    private static final Map<VerificationFailure, VerificationResult> WITHOUT_ID = new EnumMap<>(
            VerificationFailure.class);

    static {
        for (VerificationFailure failure : VerificationFailure.values()) {
            WITHOUT_ID.put(failure, new VerificationResult(null, failure, null));
        }
    }

    private final @Nullable TokenPrincipal principal;
    private final @Nullable VerificationFailure failure;
    private final @Nullable String tokenId;

    private VerificationResult(@Nullable TokenPrincipal principal, @Nullable VerificationFailure failure,
            @Nullable String tokenId) {
        this.principal = principal;
        this.failure = failure;
        this.tokenId = tokenId;
    }

    public static VerificationResult valid(TokenPrincipal principal) {
        return new VerificationResult(principal, null, principal.tokenId());
    }

    public static VerificationResult failed(VerificationFailure failure, @Nullable String tokenId) {
        return tokenId == null ? Objects.requireNonNull(WITHOUT_ID.get(failure)) : new VerificationResult(null, failure, tokenId);
    }

    public boolean isValid() {
        return principal != null;
    }

    /** The failure, or {@code null} when valid. */
    public @Nullable VerificationFailure failure() {
        return failure;
    }

    /** The principal, or {@code null} when not valid. */
    public @Nullable TokenPrincipal principal() {
        return principal;
    }

    /** The principal of a valid result. */
    public TokenPrincipal requirePrincipal() {
        if (principal == null) {
            throw new IllegalStateException("verification failed: " + failure);
        }
        return principal;
    }

    /** The token id when the token was well-formed and accepted; safe to log. */
    public @Nullable String tokenId() {
        return tokenId;
    }

    @Override
    public String toString() {
        return principal != null ? "VerificationResult[valid, " + principal + "]"
                : "VerificationResult[" + failure + (tokenId == null ? "" : ", tokenId=" + tokenId) + "]";
    }
}
