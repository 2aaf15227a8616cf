package dev.klink.tokens.spring.security;

import dev.klink.tokens.VerificationFailure;
import dev.klink.tokens.servlet.BearerError;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.AuthenticationException;

/**
 * A request was refused before it could be authenticated by a token: its path, its credentials, its tenant or the
 * token itself. {@link #error()} is what the client is told (any row of the error table, 400
 * {@code invalid_path} and 500 {@code tenant_resolution_failed} included); {@link #failure()} the finer internal
 * reason, for logs and metrics. The message never holds the token.
 */
public final class KlinkTokenAuthenticationException extends AuthenticationException {

    private static final long serialVersionUID = 1L;

    private final BearerError error;
    private final @Nullable VerificationFailure failure;

    public KlinkTokenAuthenticationException(BearerError error, @Nullable VerificationFailure failure) {
        super(error.detail());
        this.error = error;
        this.failure = failure;
    }

    public BearerError error() {
        return error;
    }

    /** The verification failure, or {@code null} when the request was refused before verification. */
    public @Nullable VerificationFailure failure() {
        return failure;
    }
}
