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

    private CliFailure(int exitCode, String message, @Nullable Throwable cause) {
        super(message, cause, false, false);
        this.exitCode = exitCode;
    }

    static CliFailure notDone(String message) {
        return new CliFailure(NOT_DONE, message, null);
    }

    static CliFailure usage(String message) {
        return new CliFailure(USAGE, message, null);
    }

    /** The database cannot be reached; {@code cause} is shown with {@code --verbose}. */
    static CliFailure unavailable(String message, Throwable cause) {
        return new CliFailure(UNAVAILABLE, message, cause);
    }

    int exitCode() {
        return exitCode;
    }
}
