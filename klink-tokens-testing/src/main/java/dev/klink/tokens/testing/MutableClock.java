package dev.klink.tokens.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/** A UTC clock that stands still until a test moves it. Thread-safe. */
public final class MutableClock extends Clock {

    private final AtomicReference<Instant> now;

    private MutableClock(Instant start) {
        this.now = new AtomicReference<>(Objects.requireNonNull(start, "start"));
    }

    /** A clock showing {@code start}. */
    public static MutableClock at(Instant start) {
        return new MutableClock(start);
    }

    /** A clock showing {@code start}, given as ISO-8601 ({@code 2026-01-01T00:00:00Z}). */
    public static MutableClock at(String start) {
        return new MutableClock(Instant.parse(start));
    }

    /** Moves the clock by {@code duration}; a negative duration moves it back. */
    public void advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        now.updateAndGet(current -> current.plus(duration));
    }

    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
    }

    @Override
    public Instant instant() {
        return Objects.requireNonNull(now.get()); // never set to null
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("MutableClock is always UTC");
    }

    @Override
    public String toString() {
        return "MutableClock[" + now.get() + "]";
    }
}
