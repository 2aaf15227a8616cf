package dev.klink.tokens;

import org.jspecify.annotations.Nullable;

/** Rules for the tenant, owner and actor ids an application passes in. */
final class Identifiers {

    static final int MAX_LENGTH = 128;

    private Identifiers() {
    }

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
        return value;
    }
}
