package dev.klink.tokens.testing;

import dev.klink.tokens.TokenPrincipal;
import dev.klink.tokens.VerificationFailure;
import dev.klink.tokens.VerificationResult;
import java.util.Objects;
import java.util.Set;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ObjectAssert;
import org.jspecify.annotations.Nullable;

/**
 * AssertJ assertions on a {@link VerificationResult} whose failure message says which check failed:
 *
 * <pre>{@code
 * assertThat(tokens.verify(plaintext)).isValid().hasPrincipalOwnerId("alice");
 * assertThat(tokens.verify(revoked)).isFailed(VerificationFailure.REVOKED).hasTokenId(id);
 * }</pre>
 *
 * A failed {@code isValid()} prints the failure and token id, a failed {@code isFailed(REVOKED)} what was found
 * instead; neither ever prints a token (a result holds none).
 */
public final class VerificationResultAssert extends AbstractAssert<VerificationResultAssert, VerificationResult> {

    private VerificationResultAssert(@Nullable VerificationResult actual) {
        super(actual, VerificationResultAssert.class);
    }

    /** The entry point; import it statically next to AssertJ's {@code assertThat}. */
    public static VerificationResultAssert assertThat(@Nullable VerificationResult actual) {
        return new VerificationResultAssert(actual);
    }

    /** Checks that the token was accepted. */
    public VerificationResultAssert isValid() {
        valid();
        return this;
    }

    /** Checks that the token was refused, for any reason. */
    public VerificationResultAssert isFailed() {
        failed();
        return this;
    }

    /** Checks that the token was refused for exactly {@code expected}. */
    public VerificationResultAssert isFailed(VerificationFailure expected) {
        VerificationResult.Failed failed = failed();
        if (failed.failure() != expected) {
            failWithMessage("Expected verification to fail with %s but it failed with %s%s", expected,
                    failed.failure(), tokenIdSuffix(failed.tokenId()));
        }
        return this;
    }

    /** Checks the token id of a valid result or of a failure that read one ({@code null}: none was read). */
    public VerificationResultAssert hasTokenId(@Nullable String expected) {
        isNotNull();
        if (!Objects.equals(actual.tokenId(), expected)) {
            failWithMessage("Expected token id <%s> but was <%s> in %s", expected, actual.tokenId(), actual);
        }
        return this;
    }

    /** Checks that the result is valid with a principal equal to {@code expected}. */
    public VerificationResultAssert hasPrincipal(TokenPrincipal expected) {
        TokenPrincipal principal = valid().principal();
        if (!principal.equals(expected)) {
            failWithMessage("Expected principal %s but was %s", expected, principal);
        }
        return this;
    }

    /** Checks that the result is valid for a token of {@code expected}. */
    public VerificationResultAssert hasPrincipalOwnerId(String expected) {
        return principalHas("owner id", valid().principal().ownerId(), expected);
    }

    /** Checks that the result is valid for a token of tenant {@code expected}. */
    public VerificationResultAssert hasPrincipalTenantId(String expected) {
        return principalHas("tenant id", valid().principal().tenantId(), expected);
    }

    /** Checks that the result is valid for the token with id {@code expected}. */
    public VerificationResultAssert hasPrincipalTokenId(String expected) {
        return principalHas("token id", valid().principal().tokenId(), expected);
    }

    /** Checks that the result is valid for a token holding exactly {@code expected} (in any order). */
    public VerificationResultAssert hasPrincipalAbilities(String... expected) {
        return principalHas("abilities", valid().principal().abilities(), Set.of(expected));
    }

    /** Checks that the result is valid and returns assertions on its principal, for anything else. */
    public ObjectAssert<TokenPrincipal> principal() {
        return Assertions.assertThat(valid().principal());
    }

    private VerificationResultAssert principalHas(String what, Object value, Object expected) {
        if (!value.equals(expected)) {
            failWithMessage("Expected the principal's %s to be <%s> but was <%s> in %s", what, expected, value,
                    actual);
        }
        return this;
    }

    private VerificationResult.Valid valid() {
        isNotNull();
        if (!(actual instanceof VerificationResult.Valid valid)) {
            VerificationResult.Failed failed = (VerificationResult.Failed) actual;
            throw failure("Expected a valid result but verification failed with %s%s", failed.failure(),
                    tokenIdSuffix(failed.tokenId()));
        }
        return valid;
    }

    private VerificationResult.Failed failed() {
        isNotNull();
        if (!(actual instanceof VerificationResult.Failed failed)) {
            throw failure("Expected verification to fail but it was valid for %s", actual.requirePrincipal());
        }
        return failed;
    }

    private static String tokenIdSuffix(@Nullable String tokenId) {
        return tokenId == null ? " (no token id read)" : " (token id " + tokenId + ")";
    }
}
