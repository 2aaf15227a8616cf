package dev.klink.tokens;

/**
 * A request to issue or rotate a token breaks a rule (unknown ability, name too long, expiry beyond the policy's
 * maximum, ...). {@link #field()} names the offending input so that an API can point at it.
 */
public final class InvalidTokenRequestException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;

    public InvalidTokenRequestException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The request field at fault: {@code name}, {@code abilities}, {@code expiresAt}, {@code tenantId}, ... */
    public String field() {
        return field;
    }
}
