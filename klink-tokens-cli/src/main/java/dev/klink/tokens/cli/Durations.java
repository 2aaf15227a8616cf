package dev.klink.tokens.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Durations as Spring Boot reads them ({@code 90d}, {@code 24h}, {@code 500ms}, ISO-8601 {@code PT1H}). */
final class Durations {

    private static final Pattern SIMPLE = Pattern.compile("(\\d{1,18})(ns|us|ms|s|m|h|d)?");
    private static final Map<String, ChronoUnit> UNITS = Map.of("ns", ChronoUnit.NANOS, "us", ChronoUnit.MICROS,
            "ms", ChronoUnit.MILLIS, "s", ChronoUnit.SECONDS, "m", ChronoUnit.MINUTES, "h", ChronoUnit.HOURS,
            "d", ChronoUnit.DAYS);

    private Durations() {
    }

    /**
     * Parses {@code text}; a number without a unit is in {@code defaultUnit}, or refused when that is null (on the
     * command line a bare number is more likely a mistake than milliseconds).
     *
     * @throws IllegalArgumentException naming {@code what} when the text is no duration
     */
    static Duration parse(String what, String text, @Nullable ChronoUnit defaultUnit) {
        String trimmed = text.trim();
        Matcher simple = SIMPLE.matcher(trimmed.toLowerCase(Locale.ROOT));
        if (simple.matches()) {
            String unit = simple.group(2);
            if (unit == null && defaultUnit == null) {
                throw new IllegalArgumentException(what + " needs a unit, e.g. 30d, 24h or 90m, was '" + text + "'");
            }
            try {
                return Duration.of(Long.parseLong(simple.group(1)), unit == null ? defaultUnit : UNITS.get(unit));
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException(what + " is too long, was '" + text + "'", e);
            }
        }
        try {
            Duration duration = Duration.parse(trimmed);
            if (duration.isNegative()) {
                throw new IllegalArgumentException(what + " must not be negative, was '" + text + "'");
            }
            return duration;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(what + " must be a duration such as 30d, 24h, 90m or PT1H, was '"
                    + text + "'", e);
        }
    }
}
