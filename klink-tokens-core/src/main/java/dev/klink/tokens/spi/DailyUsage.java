package dev.klink.tokens.spi;

import java.time.LocalDate;
import java.util.Objects;

/**
 * How many times a token verified successfully on one UTC day. In a {@link UsageUpdate} the count is what a node
 * adds to the day's total; read from a store it is the total of every node.
 */
public record DailyUsage(LocalDate day, long count) {

    /** How many days, today included, usage per day is kept and shown. */
    public static final int RETENTION_DAYS = 30;

    public DailyUsage {
        Objects.requireNonNull(day, "day");
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, was " + count);
        }
    }
}
