package dev.klink.tokens.jdbi;

import java.time.Duration;
import java.util.Objects;

/** The check both invalidation channels' builders make of their durations. */
final class Durations {

    private Durations() {
    }

    /** {@code value}, when it is above zero; otherwise an exception naming the setting. */
    static Duration positive(String setting, Duration value) {
        Objects.requireNonNull(value, setting);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(setting + " must be positive, was " + value);
        }
        return value;
    }
}
