package dev.klink.tokens.spring;

import java.util.Objects;

/** Who a request acts for: a tenant and an owner in it (the signed-in user, or with {@link RequestOwners} a token). */
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
