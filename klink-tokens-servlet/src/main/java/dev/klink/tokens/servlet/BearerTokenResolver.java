package dev.klink.tokens.servlet;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Finds the bearer credentials of a request. The default, {@link DefaultBearerTokenResolver}, follows RFC 6750
 * section 2.1 and the error table; replace it to read tokens from elsewhere (e.g. a custom header).
 * Implementations must never log or expose the token.
 */
@FunctionalInterface
public interface BearerTokenResolver {

    /** The token, none, or why the request must be refused. Never throws for bad input. */
    BearerResolution resolve(HttpServletRequest request);

    /** The RFC 6750 resolver with its defaults. */
    static BearerTokenResolver standard() {
        return DefaultBearerTokenResolver.create();
    }
}
