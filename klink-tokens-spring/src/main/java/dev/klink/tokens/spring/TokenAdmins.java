package dev.klink.tokens.spring;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Objects;

/**
 * Says whether the signed-in user of a request administers the tokens of their tenant: sees every owner's tokens,
 * revokes any of them, offboards an owner ({@link TokenAdminController}). Which tenant is never asked here: it is
 * the user's own, as the {@link TokenOwnerResolver} says.
 *
 * <p>The auto-configuration declares {@link #authority(String)} with {@code klink.tokens.management.admin-authority}
 * (default {@code ROLE_TOKENS_ADMIN}); declare a bean of this type to decide otherwise.
 */
@FunctionalInterface
public interface TokenAdmins {

    /** Whether the signed-in user of {@code request} administers their tenant's tokens. */
    boolean isAdmin(HttpServletRequest request);

    /**
     * Users holding {@code authority}: with Spring Security a {@code GrantedAuthority} of exactly this name
     * ({@code ROLE_TOKENS_ADMIN} for {@code .roles("TOKENS_ADMIN")}); without it, the container's
     * {@link HttpServletRequest#isUserInRole(String)}.
     */
    static TokenAdmins authority(String authority) {
        Objects.requireNonNull(authority, "authority");
        if (authority.isBlank()) {
            throw new IllegalArgumentException("authority must not be blank");
        }
        return new AuthorityTokenAdmins(authority);
    }
}
