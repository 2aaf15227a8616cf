package dev.klink.tokens;

import org.jspecify.annotations.Nullable;

/** Rules for the tenant, owner and actor ids an application passes in. */
final class Identifiers {

    static final int MAX_LENGTH = 128;

    private Identifiers() {
    }

    /**
     * {@code value} if it is 1 to 128 characters with neither control characters nor leading or trailing
     * whitespace, so that it means the same in every database.
     *
     * @throws InvalidTokenRequestException naming {@code field} otherwise
     */
    static String require(String field, @Nullable String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidTokenRequestException(field, field + " must not be blank");
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidTokenRequestException(field, field + " must be at most " + MAX_LENGTH
                    + " characters, was " + value.length());
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidTokenRequestException(field, field + " must not contain control characters");
        }
        // a database comparing with PAD SPACE (MariaDB, MySQL) would otherwise make "alice " the same as "alice"
        if (isSpace(value.charAt(0)) || isSpace(value.charAt(value.length() - 1))) {
            throw new InvalidTokenRequestException(field, field + " must not start or end with whitespace");
        }
        return value;
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }
}
