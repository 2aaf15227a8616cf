package dev.klink.tokens.servlet;

import dev.klink.tokens.VerificationFailure;
import org.jspecify.annotations.Nullable;

/**
 * Every way a protected request can be refused, one constant per row of the HTTP error table shared by the servlet
 * filter and the Spring Security integration. {@link #code()} is stable API: clients may switch on it.
 */
public enum BearerError {

    /** No {@code Authorization} header, or another scheme than {@code Bearer}. */
    MISSING_TOKEN(401, null, "missing_token", "Authentication with a bearer token is required"),
    /** {@code Bearer} with nothing, or characters outside the RFC 6750 {@code b64token} syntax. */
    MALFORMED_TOKEN(401, "invalid_token", "malformed_token", "The access token is malformed"),
    /** Several {@code Authorization} headers, or a header and an {@code access_token} parameter. */
    MULTIPLE_CREDENTIALS(400, "invalid_request", "multiple_credentials", "Multiple credentials in the request"),
    /** An {@code access_token} in the URL query: never accepted, since URLs end up in logs and histories. */
    TOKEN_IN_QUERY(400, "invalid_request", "token_in_query", "Access tokens are not accepted in the URL"),
    /** A well-formed bearer value that is not a valid token; never says which check failed. */
    INVALID_TOKEN(401, "invalid_token", "invalid_token", "The access token is invalid"),
    /** The secret matched and the token expired. */
    TOKEN_EXPIRED(401, "invalid_token", "token_expired", "The access token expired"),
    /** The secret matched and the token was revoked. */
    TOKEN_REVOKED(401, "invalid_token", "token_revoked", "The access token was revoked"),
    /** A valid token without the abilities the request needs. */
    INSUFFICIENT_SCOPE(403, "insufficient_scope", "insufficient_scope",
            "The access token lacks the required abilities"),
    /** The token store could not be read: neither valid nor invalid, try again. */
    STORE_UNAVAILABLE(503, null, "token_store_unavailable", "Token verification is temporarily unavailable"),
    /**
     * A request path that can be read more than one way (dot or empty segments, encoded {@code / \ . % ;}, control
     * characters, U+2028/U+2029): decided before anything else, on every path. No challenge.
     */
    INVALID_PATH(400, null, "invalid_path", "The request path is ambiguous"),
    /**
     * The secret matched, but the request comes from an address outside the token's IP allowlist (the container's
     * {@code getRemoteAddr()}).
     */
    IP_NOT_ALLOWED(401, "invalid_token", "ip_not_allowed", "The access token is not allowed from this address"),
    /** The application's {@link TenantResolver} threw: an application fault, logged at ERROR. No challenge. */
    TENANT_RESOLUTION_FAILED(500, null, "tenant_resolution_failed",
            "The tenant of this request could not be determined");

    private final int status;
    private final @Nullable String oauthError;
    private final String code;
    private final String detail;

    BearerError(int status, @Nullable String oauthError, String code, String detail) {
        this.status = status;
        this.oauthError = oauthError;
        this.code = code;
        this.detail = detail;
    }

    /** The HTTP status of the response. */
    public int status() {
        return status;
    }

    /**
     * The RFC 6750 {@code error} attribute of the {@code WWW-Authenticate} challenge ({@code invalid_request},
     * {@code invalid_token} or {@code insufficient_scope}), or {@code null} when the challenge carries none.
     */
    public @Nullable String oauthError() {
        return oauthError;
    }

    /** The stable {@code code} member of the problem body. */
    public String code() {
        return code;
    }

    /** The {@code detail} member of the problem body, also the challenge's {@code error_description}. */
    public String detail() {
        return detail;
    }

    /**
     * Whether the response carries a {@code WWW-Authenticate} challenge: every refusal of the credentials does; the
     * 503, {@link #INVALID_PATH} and {@link #TENANT_RESOLUTION_FAILED} do not.
     */
    public boolean hasChallenge() {
        return this != STORE_UNAVAILABLE && this != INVALID_PATH && this != TENANT_RESOLUTION_FAILED;
    }

    /**
     * The error a client is shown for a failed verification. Every failure before the secret matched, and a token
     * of another tenant, is {@link #INVALID_TOKEN}, so that nobody without the secret learns which check failed.
     */
    public static BearerError of(VerificationFailure failure) {
        return switch (failure) {
            case MALFORMED, UNKNOWN_PREFIX, NOT_FOUND, SECRET_MISMATCH, WRONG_TENANT -> INVALID_TOKEN;
            case EXPIRED -> TOKEN_EXPIRED;
            case REVOKED -> TOKEN_REVOKED;
            case IP_NOT_ALLOWED -> IP_NOT_ALLOWED;
            case INSUFFICIENT_ABILITIES -> INSUFFICIENT_SCOPE;
            case STORE_UNAVAILABLE -> STORE_UNAVAILABLE;
        };
    }
}
