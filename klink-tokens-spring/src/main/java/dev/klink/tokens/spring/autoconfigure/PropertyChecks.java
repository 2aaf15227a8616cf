package dev.klink.tokens.spring.autoconfigure;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * The failure every mapping of {@code klink.tokens.*} throws: an {@link InvalidConfigurationPropertyValueException}
 * naming the property, which Boot's failure analyzer prints at start-up. Callers pass {@code "<redacted>"} for secret
 * values, never the value itself.
 */
final class PropertyChecks {

    private static final String PREFIX = "klink.tokens.";

    private PropertyChecks() {
    }

    /** {@code property} is relative to {@code klink.tokens.}, e.g. {@code "prune.interval"}. */
    static InvalidConfigurationPropertyValueException invalid(String property, @Nullable Object value,
            @Nullable String reason) {
        return new InvalidConfigurationPropertyValueException(PREFIX + property, value,
                reason == null ? "is invalid" : reason);
    }

    static Duration positive(String property, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw invalid(property, value, "must be positive");
        }
        return value;
    }

    static Duration notNegative(String property, Duration value) {
        if (value.isNegative()) {
            throw invalid(property, value, "must not be negative");
        }
        return value;
    }

    /** Runs a builder setter, naming {@code property} when the builder refuses the value. */
    static void apply(String property, Object value, Runnable setter) {
        try {
            setter.run();
        } catch (IllegalArgumentException e) {
            throw invalid(property, value, e.getMessage());
        }
    }
}
