package dev.klink.tokens.spring;

import dev.klink.tokens.TokenPrincipal;
import java.util.Objects;

/**
 * Who a management request acts for: the tenant and the owner inside it.
 *
 * @param authenticatedByToken whether the request proved who it is only with a personal access token (such a
 *        request may list and revoke, but not issue or rotate tokens)
 */
public record TokenOwner(String tenantId, String ownerId, boolean authenticatedByToken) {

    public TokenOwner {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(ownerId, "ownerId");
        if (tenantId.isBlank() || ownerId.isBlank()) {
            throw new IllegalArgumentException("tenantId and ownerId must not be blank");
        }
    }

    /** A user the application logged in (by session, form, SSO …). */
    public static TokenOwner loggedIn(String tenantId, String ownerId) {
        return new TokenOwner(tenantId, ownerId, false);
    }

    /** The tenant and owner of a verified personal access token. */
    public static TokenOwner of(TokenPrincipal principal) {
        return new TokenOwner(principal.tenantId(), principal.ownerId(), true);
    }
}
