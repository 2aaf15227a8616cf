package dev.klink.tokens.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MutableClockTest {

    @Test
    void atWhenInstantThenShowsItUntilMoved() {
        MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00.123456789Z"));

        assertThat(clock.instant()).isEqualTo("2026-01-01T00:00:00.123456789Z");
        assertThat(clock.instant()).isEqualTo("2026-01-01T00:00:00.123456789Z");
        assertThat(clock.millis()).isEqualTo(1_767_225_600_123L);
    }

    @Test
    void atWhenIsoTextThenParsesIt() {
        assertThat(MutableClock.at("2026-03-14T09:26:53.589793Z").instant())
                .isEqualTo(Instant.parse("2026-03-14T09:26:53.589793Z"));
    }

    @Test
    void atWhenTextIsNotAnInstantThenException() {
        assertThatExceptionOfType(DateTimeParseException.class)
                .isThrownBy(() -> MutableClock.at("2026-03-14"));
    }

    @Test
    void advanceMovesForwardAndBackByTheDuration() {
        MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");

        clock.advance(Duration.ofDays(1).plusNanos(1_000));
        assertThat(clock.instant()).isEqualTo("2026-01-02T00:00:00.000001Z");

        clock.advance(Duration.ofHours(-25));
        assertThat(clock.instant()).isEqualTo("2025-12-31T23:00:00.000001Z");
    }

    @Test
    void setShowsTheGivenInstant() {
        MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");

        clock.set(Instant.parse("2020-02-29T12:00:00Z"));

        assertThat(clock.instant()).isEqualTo("2020-02-29T12:00:00Z");
    }

    @Test
    void nullArgumentsAreRejectedWithTheirName() {
        MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");

        assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> clock.set(null))
                .withMessage("instant");
        assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> clock.advance(null))
                .withMessage("duration");
        assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> MutableClock.at((Instant) null))
                .withMessage("start");
        assertThat(clock.instant()).isEqualTo("2026-01-01T00:00:00Z");
    }

    @Test
    void zoneIsUtcAndCannotBeChanged() {
        MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");

        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
        assertThatExceptionOfType(UnsupportedOperationException.class)
                .isThrownBy(() -> clock.withZone(ZoneId.of("Europe/Berlin")))
                .withMessage("MutableClock is always UTC");
    }

    @Test
    void toStringShowsTheInstant() {
        assertThat(MutableClock.at("2026-01-01T00:00:00Z")).hasToString("MutableClock[2026-01-01T00:00:00Z]");
    }

    @Test
    void advanceWhenManyThreadsAdvanceAtOnceThenNoStepIsLost() throws Exception {
        MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
        int threads = 4;
        int steps = 10_000;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(executor.submit(() -> {
                    go.await();
                    for (int step = 0; step < steps; step++) {
                        clock.advance(Duration.ofMillis(1));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            executor.shutdownNow();
        }

        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z").plusMillis((long) threads * steps));
    }
}
