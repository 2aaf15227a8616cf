package dev.klink.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the recorder keeps in memory: the latest use per token, idle entries forgotten, re-hashes queued once. */
class UsageRecorderTest {

    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    private static final Duration INTERVAL = Duration.ofMinutes(1);
    private static final String ID = "0123456789abcdef";

    private final TestClock clock = new TestClock(T0);
    private final UsageRecorder recorder = new UsageRecorder(new InMemoryTokenStore(), clock, INTERVAL);

    @Test
    void recordWhenLaterUseThenItBecomesTheLatest() {
        recorder.record(ID, T0, "10.0.0.1");

        recorder.record(ID, T0.plusMillis(1), "10.0.0.1");

        assertThat(recorder.latest(ID)).isEqualTo(new UsageRecorder.Usage(T0.plusMillis(1), "10.0.0.1"));
    }

    @Test
    void recordWhenSameInstantFromAnotherAddressThenTheNewAddressIsKept() {
        recorder.record(ID, T0, "10.0.0.1");

        recorder.record(ID, T0, "10.0.0.2");

        assertThat(recorder.latest(ID)).isEqualTo(new UsageRecorder.Usage(T0, "10.0.0.2"));
    }

    @Test
    void recordWhenEarlierUseThenTheLatestStays() {
        recorder.record(ID, T0, "10.0.0.1");

        recorder.record(ID, T0.minusMillis(1), "10.0.0.2");

        assertThat(recorder.latest(ID)).isEqualTo(new UsageRecorder.Usage(T0, "10.0.0.1"));
    }

    @Test
    void flushWhenWrittenUseIsOneIntervalOldThenTheEntryIsForgotten() {
        recorder.record(ID, T0, "10.0.0.1");
        assertThat(recorder.flush(false)).isEqualTo(1);

        clock.set(T0.plus(INTERVAL));
        assertThat(recorder.flush(false)).isZero();

        assertThat(recorder.latest(ID)).isNull();
        assertThat(recorder.pendingCount()).isZero();
    }

    @Test
    void recordWhenTheEntryItWasGivenWasForgottenMeanwhileThenTheUseAndItsCountReachTheTokensNewEntry() {
        recorder.record(ID, T0, "10.0.0.1");
        recorder.flush(false);
        UsageRecorder.Entry looked = recorder.entry(ID); // as a verification looks it up before it records
        clock.set(T0.plus(INTERVAL));
        recorder.flush(false); // forgets the idle entry between that lookup and the record

        Instant later = T0.plus(INTERVAL).plusMillis(1);
        UsageRecorder.Entry holding = recorder.record(looked, ID, later, "10.0.0.2");

        assertThat(holding).isNotSameAs(looked).isSameAs(recorder.entry(ID));
        assertThat(recorder.latest(ID)).isEqualTo(new UsageRecorder.Usage(later, "10.0.0.2"));
        assertThat(recorder.pendingCounts(ID)).containsExactly(Map.entry(LocalDate.of(2026, 3, 1), 1L));
    }

    @Test
    void flushWhenWrittenUseIsYoungerThanOneIntervalThenTheEntryIsKept() {
        recorder.record(ID, T0, "10.0.0.1");
        recorder.flush(false);

        clock.set(T0.plus(INTERVAL).minusMillis(1));
        recorder.flush(false);

        assertThat(recorder.latest(ID)).isEqualTo(new UsageRecorder.Usage(T0, "10.0.0.1"));
        assertThat(recorder.pendingCount()).isZero();
    }

    @Test
    void rehashWhenQueuedThenPendingUntilFlushed() {
        assertThat(recorder.rehashPending(ID)).isFalse();

        recorder.rehash(ID, "hmac-sha256:k1", new byte[32]);

        assertThat(recorder.rehashPending(ID)).isTrue();
        assertThat(recorder.pendingCount()).isEqualTo(1);
        recorder.flush(false);
        assertThat(recorder.rehashPending(ID)).isFalse();
    }
}
