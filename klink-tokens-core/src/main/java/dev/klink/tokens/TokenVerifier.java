package dev.klink.tokens;

import org.jspecify.annotations.Nullable;

/**
 * Checks a bearer value: all the servlet filter and the Spring Security integration need of a {@link TokenService},
 * which implements it. A test or an application can hand them any other implementation.
 */
@FunctionalInterface
public interface TokenVerifier {

    /**
     * Verifies a bearer value. Never throws for bad input: a malformed, unknown, revoked or expired token, a wrong
     * tenant, missing abilities and an unreachable store are all {@link VerificationResult.Failed} results.
     *
     * @param bearer the token as the client sent it, or {@code null} when it sent none
     * @param expectedTenant the tenant the request is for, or {@code null} to accept any
     * @param check the abilities the request needs
     * @param clientIp the client's address, recorded as the token's last use on success, or {@code null}
     */
    VerificationResult verify(@Nullable String bearer, @Nullable String expectedTenant, AbilityCheck check,
            @Nullable String clientIp);
}
