package dev.klink.tokens.servlet;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Says which tenant a request is for, so that a token of another tenant is refused ({@code invalid_token}, like
 * any invalid token). For example from a sub-domain, a path segment or a header your gateway sets.
 */
@FunctionalInterface
public interface TenantResolver {

    /** The tenant the request is for, or {@code null} to accept a token of any tenant. */
    @Nullable String resolveTenant(HttpServletRequest request);

    /** Accepts tokens of every tenant: the default. */
    static TenantResolver anyTenant() {
        return request -> null;
    }
}
