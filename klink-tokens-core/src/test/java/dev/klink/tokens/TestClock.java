package dev.klink.tokens;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that only moves when a test moves it. Core tests cannot use klink-tokens-testing's MutableClock (that
 * module depends on core), so this is the smallest stand-in.
 */
final class TestClock extends Clock {

    static final Instant START = Instant.parse("2026-03-01T09:00:00Z");

    private volatile Instant now;

    TestClock() {
        this(START);
    }

    TestClock(Instant start) {
        this.now = start;
    }

    void advance(Duration by) {
        now = now.plus(by);
    }

    void set(Instant instant) {
        now = instant;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("TestClock is always UTC");
    }
}
