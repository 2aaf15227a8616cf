package dev.klink.tokens.spring;

import java.util.Objects;

/** Who a management request acts for: the signed-in user's tenant and the owner inside it. */
public record TokenOwner(String tenantId, String ownerId) {

    public TokenOwner {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(ownerId, "ownerId");
        if (tenantId.isBlank() || ownerId.isBlank()) {
            throw new IllegalArgumentException("tenantId and ownerId must not be blank");
        }
    }

    /** A user the application signed in (by session, form, SSO …). */
    public static TokenOwner loggedIn(String tenantId, String ownerId) {
        return new TokenOwner(tenantId, ownerId);
    }
}
