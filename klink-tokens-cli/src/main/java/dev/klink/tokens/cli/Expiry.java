package dev.klink.tokens.cli;

import dev.klink.tokens.IssueRequest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** The {@code --expires} value: a lifetime, a date, an instant or {@code never}. */
final class Expiry {

    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private Expiry() {
    }

    /**
     * Sets the expiry of {@code request}: {@code 30d} (a lifetime), {@code 2027-01-31} (the start of that day, UTC,
     * as GitLab reads dates), {@code 2027-01-31T12:00:00Z} (an instant) or {@code never}.
     *
     * @throws IllegalArgumentException naming the option when {@code text} is none of these
     */
    static void apply(String text, IssueRequest.Builder request) {
        String value = text.trim();
        try {
            if (value.equalsIgnoreCase("never")) {
                request.neverExpires();
            } else if (DATE.matcher(value).matches()) {
                request.expiresAt(LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant());
            } else if (value.indexOf('T') > 0 && Character.isDigit(value.charAt(0))) {
                request.expiresAt(Instant.parse(value));
            } else {
                request.expiresAfter(Durations.parse("--expires", value, null));
            }
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--expires must be a lifetime (30d), a date (2027-01-31), an instant "
                    + "(2027-01-31T12:00:00Z) or never, was '" + text + "'", e);
        }
    }
}
