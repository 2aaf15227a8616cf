package dev.klink.tokens.cli;

import org.jspecify.annotations.Nullable;

/**
 * Ends a command with a one-line message on standard error and one of the documented exit codes. The message never
 * holds a token, a key or a password.
 */
final class CliFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Not found, an invalid token, or nothing to do. */
    static final int NOT_DONE = 1;
    /** Wrong arguments, options or settings. */
    static final int USAGE = 2;
    /** The database cannot be reached. */
    static final int UNAVAILABLE = 3;

    private final int exitCode;
    private final @Nullable String details;

    private CliFailure(int exitCode, String message, @Nullable String details) {
        super(message, null, false, false);
        this.exitCode = exitCode;
        this.details = details;
    }

    static CliFailure notDone(String message) {
        return new CliFailure(NOT_DONE, message, null);
    }

    static CliFailure usage(String message) {
        return new CliFailure(USAGE, message, null);
    }

    /** The database cannot be reached; {@code details} (the cause's stack trace, redacted) is for {@code --verbose}. */
    static CliFailure unavailable(String message, String details) {
        return new CliFailure(UNAVAILABLE, message, details);
    }

    int exitCode() {
        return exitCode;
    }

    /** What {@code --verbose} shows besides the message, if anything. */
    @Nullable String details() {
        return details;
    }
}
