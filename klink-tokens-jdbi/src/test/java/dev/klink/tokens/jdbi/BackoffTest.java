package dev.klink.tokens.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

    @Test
    void delayAfterFailuresThenDoublesFromInitialUpToTheCap() {
        assertThat(backoff.delayAfter(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.delayAfter(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.delayAfter(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(backoff.delayAfter(6)).isEqualTo(Duration.ofMillis(3200));
        assertThat(backoff.delayAfter(7)).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.delayAfter(1_000_000)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void delayWhenInitialAboveCapThenCap() {
        assertThat(new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1)).delayAfter(1))
                .isEqualTo(Duration.ofSeconds(1));
    }
}
