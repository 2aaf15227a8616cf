package dev.klink.tokens;

import org.jspecify.annotations.Nullable;

/**
 * Reads a result in core's own tests, which cannot use klink-tokens-testing's {@code VerificationResultAssert}
 * (that module depends on this one).
 */
final class VerificationResults {

    private VerificationResults() {
    }

    /** The failure, or {@code null} when the result is valid. */
    static @Nullable VerificationFailure failureOf(VerificationResult result) {
        return result instanceof VerificationResult.Failed failed ? failed.failure() : null;
    }

    /** The principal, or {@code null} when the result is a failure. */
    static @Nullable TokenPrincipal principalOf(VerificationResult result) {
        return result instanceof VerificationResult.Valid valid ? valid.principal() : null;
    }
}
