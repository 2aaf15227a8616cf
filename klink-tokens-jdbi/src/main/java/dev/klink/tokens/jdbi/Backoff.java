package dev.klink.tokens.jdbi;

import java.time.Duration;

/** Exponential back-off between reconnection attempts: the initial delay, doubled after every failure, capped. */
record Backoff(Duration initial, Duration max) {

    /** The delay before the attempt that follows {@code failures} failures in a row (at least one). */
    Duration delayAfter(int failures) {
        Duration delay = initial;
        for (int i = 1; i < failures && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) < 0 ? delay : max;
    }
}
