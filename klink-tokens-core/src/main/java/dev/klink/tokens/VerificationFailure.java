package dev.klink.tokens;

/**
 * Why a verification failed, in the order the checks run. These reason codes are for logs, metrics and events;
 * clients only see {@link #publicCode()}, so that nobody without the secret learns which check failed.
 */
public enum VerificationFailure {
    /** Not a well-formed token: shape, alphabet or checksum. Rejected before any store read. */
    MALFORMED("invalid_token", false),
    /** Well-formed, but its prefix is not one this service accepts. Rejected before any store read. */
    UNKNOWN_PREFIX("invalid_token", false),
    /** No token with this id. */
    NOT_FOUND("invalid_token", false),
    /** The id exists but the secret does not match. */
    SECRET_MISMATCH("invalid_token", false),
    /** The secret matched; the token was revoked. */
    REVOKED("token_revoked", true),
    /** The secret matched; the token expired. */
    EXPIRED("token_expired", true),
    /** The secret matched; the token belongs to another tenant than the request's. */
    WRONG_TENANT("invalid_token", true),
    /** The secret matched; the request comes from an address outside the token's IP allowlist. */
    IP_NOT_ALLOWED("ip_not_allowed", true),
    /** A valid token without the abilities the request needs. */
    INSUFFICIENT_ABILITIES("insufficient_scope", true),
    /** The store could not be read: neither valid nor invalid. */
    STORE_UNAVAILABLE("token_store_unavailable", false);

    private final String publicCode;
    private final boolean secretMatched;

    VerificationFailure(String publicCode, boolean secretMatched) {
        this.publicCode = publicCode;
        this.secretMatched = secretMatched;
    }

    /**
     * What a client may be told: {@code invalid_token}, {@code token_expired}, {@code token_revoked},
     * {@code ip_not_allowed}, {@code insufficient_scope} or {@code token_store_unavailable}.
     */
    public String publicCode() {
        return publicCode;
    }

    /** Whether this failure is only reachable with the right secret. */
    public boolean secretMatched() {
        return secretMatched;
    }
}
