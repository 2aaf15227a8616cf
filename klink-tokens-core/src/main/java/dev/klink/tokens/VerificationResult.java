package dev.klink.tokens;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The answer of {@link TokenVerifier#verify}: either {@link Valid} with the {@link TokenPrincipal}, or {@link Failed}
 * with the {@link VerificationFailure} and, when the token's id was read, that id. A principal exists only on a valid
 * result and a failure only on a failed one:
 *
 * <pre>{@code
 * if (tokens.verify(bearer) instanceof VerificationResult.Valid valid) {
 *     String owner = valid.principal().ownerId();
 * }
 * }</pre>
 *
 * <p>{@code toString()} holds no secret: the principal's ids and abilities, or the failure and token id.
 */
public sealed interface VerificationResult permits VerificationResult.Valid, VerificationResult.Failed {

    /** A valid result for {@code principal}. */
    static Valid valid(TokenPrincipal principal) {
        return new Valid(principal);
    }

    /** A failed result; without a token id the result is a shared constant, so that a refusal allocates nothing. */
    static Failed failed(VerificationFailure failure, @Nullable String tokenId) {
        return tokenId == null ? Failed.withoutId(failure) : new Failed(failure, tokenId);
    }

    /** Whether the token was accepted, that is whether this is a {@link Valid}. */
    boolean isValid();

    /** The token id when the token was well-formed and its id was read; safe to log. */
    @Nullable String tokenId();

    /**
     * The principal of a valid result.
     *
     * @throws IllegalStateException naming the failure, when this result is {@link Failed}
     */
    TokenPrincipal requirePrincipal();

    /** The token was accepted; {@link #principal()} is who it speaks for. */
    record Valid(TokenPrincipal principal) implements VerificationResult {

        public Valid {
            Objects.requireNonNull(principal, "principal");
        }

        @Override
        public boolean isValid() {
            return true;
        }

        /** The id of the accepted token. */
        @Override
        public String tokenId() {
            return principal.tokenId();
        }

        @Override
        public TokenPrincipal requirePrincipal() {
            return principal;
        }

        @Override
        public String toString() {
            return "VerificationResult[valid, " + principal + "]";
        }
    }

    /**
     * The token was refused for {@code failure}.
     *
     * @param tokenId the token's id when it was read (a well-formed token with an accepted prefix), else {@code null}
     */
    record Failed(VerificationFailure failure, @Nullable String tokenId) implements VerificationResult {

        private static final Map<VerificationFailure, Failed> WITHOUT_ID = new EnumMap<>(VerificationFailure.class);

        static {
            for (VerificationFailure failure : VerificationFailure.values()) {
                WITHOUT_ID.put(failure, new Failed(failure, null));
            }
        }

        public Failed {
            Objects.requireNonNull(failure, "failure");
        }

        private static Failed withoutId(VerificationFailure failure) {
            return Objects.requireNonNull(WITHOUT_ID.get(failure));
        }

        @Override
        public boolean isValid() {
            return false;
        }

        @Override
        public TokenPrincipal requirePrincipal() {
            throw new IllegalStateException("verification failed: " + failure);
        }

        @Override
        public String toString() {
            return "VerificationResult[" + failure + (tokenId == null ? "" : ", tokenId=" + tokenId) + "]";
        }
    }
}
