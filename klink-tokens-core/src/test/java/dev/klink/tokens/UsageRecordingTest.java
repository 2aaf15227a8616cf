package dev.klink.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klink.tokens.page.PageRequest;
import dev.klink.tokens.spi.DailyUsage;
import dev.klink.tokens.spi.UsageUpdate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Last-used tracking: coalesced write-behind, one write per token per interval, exact values on read. */
class UsageRecordingTest {

    private static final String IP = "203.0.113.7";

    private final TestClock clock = new TestClock();
    private final CountingTokenStore store = new CountingTokenStore();
    private final TokenService service = TokenService.builder(store).clock(clock).backgroundUsageFlush(false)
            .build();

    private IssuedToken issue() {
        return service.issue(IssueRequest.builder("acme", "alice").name("CI").expiresInDays(30).build());
    }

    /** The count of the day the test runs on, as a usage write carries it. */
    private static List<DailyUsage> uses(long count) {
        return List.of(new DailyUsage(LocalDate.ofInstant(TestClock.START, ZoneOffset.UTC), count));
    }

    private void verifyValid(String plaintext, String ip) {
        assertThat(service.verify(plaintext, null, AbilityCheck.none(), ip).isValid()).isTrue();
    }

    @Test
    void flushWhen10000VerificationsInsideOneIntervalThenExactlyOneUsageWrite() {
        IssuedToken issued = issue();
        String id = issued.info().id();
        for (int i = 0; i < 10_000; i++) {
            verifyValid(issued.plaintext(), IP);
            service.flushUsage();
            clock.advance(Duration.ofMillis(1));
        }
        Instant lastUse = TestClock.START.plusMillis(9_999);

        assertThat(store.writtenUsage()).containsExactly(new UsageUpdate(id, TestClock.START, IP, uses(1)));
        assertThat(store.calls("recordUsage")).isEqualTo(1);
        assertThat(store.row(id).lastUsedAt()).isEqualTo(TestClock.START);
        assertThat(service.get("acme", id).orElseThrow().lastUsedAt()).isEqualTo(lastUse);

        // the next write waits for the interval (60 s) after the first one
        clock.set(TestClock.START.plusSeconds(60).minusNanos(1_000));
        assertThat(service.flushUsage()).isZero();
        assertThat(store.writtenUsage()).hasSize(1);
        clock.set(TestClock.START.plusSeconds(60));
        assertThat(service.flushUsage()).isEqualTo(1);
        assertThat(store.writtenUsage()).containsExactly(new UsageUpdate(id, TestClock.START, IP, uses(1)),
                new UsageUpdate(id, lastUse, IP, uses(9_999)));
        assertThat(store.row(id).lastUsedAt()).isEqualTo(lastUse);
        assertThat(service.pendingUsageWrites()).isZero();
    }

    @Test
    void flushWhenTwoThreadsVerifyAndFlushConcurrentlyThenStillOneUsageWrite() throws Exception {
        IssuedToken issued = issue();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (String ip : List.of("198.51.100.1", "198.51.100.2")) {
                done.add(threads.submit(() -> {
                    start.await();
                    int valid = 0;
                    for (int i = 0; i < 5_000; i++) {
                        valid += service.verify(issued.plaintext(), null, AbilityCheck.none(), ip).isValid() ? 1 : 0;
                        service.flushUsage();
                    }
                    return valid;
                }));
            }
            start.countDown();
            for (Future<Integer> future : done) {
                assertThat(future.get(60, TimeUnit.SECONDS)).isEqualTo(5_000);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(store.calls("recordUsage")).isEqualTo(1);
        assertThat(store.writtenUsage()).hasSize(1);
        assertThat(store.writtenUsage().get(0).at()).isEqualTo(TestClock.START);
    }

    @Test
    void getAndListWhenUsePendingThenShowExactTimeAndIpBeforeAnyFlush() {
        IssuedToken issued = issue();
        String id = issued.info().id();
        clock.advance(Duration.ofSeconds(5).plusNanos(123_000));
        verifyValid(issued.plaintext(), IP);
        Instant used = clock.instant();

        assertThat(store.row(id).lastUsedAt()).isNull();
        TokenInfo info = service.get("acme", id).orElseThrow();
        assertThat(info.lastUsedAt()).isEqualTo(used);
        assertThat(info.lastUsedIp()).isEqualTo(IP);
        TokenInfo listed = service.listByOwner("acme", "alice", PageRequest.first(10)).items().get(0);
        assertThat(listed.lastUsedAt()).isEqualTo(used);
        assertThat(listed.lastUsedIp()).isEqualTo(IP);
        assertThat(service.listByTenant("acme", PageRequest.first(10)).items().get(0).lastUsedIp()).isEqualTo(IP);

        service.flushUsage();
        clock.advance(Duration.ofSeconds(10));
        verifyValid(issued.plaintext(), "192.0.2.44");
        service.flushUsage(); // inside the interval: nothing written
        assertThat(store.row(id).lastUsedAt()).isEqualTo(used);
        assertThat(service.get("acme", id).orElseThrow().lastUsedAt()).isEqualTo(clock.instant());
        assertThat(service.get("acme", id).orElseThrow().lastUsedIp()).isEqualTo("192.0.2.44");
    }

    @Test
    void getWhenUsedAtNanosecondsThenLastUsedAtInMicrosecondsBeforeAndAfterFlush() {
        IssuedToken issued = issue();
        String id = issued.info().id();
        clock.advance(Duration.ofSeconds(5).plusNanos(123_456_789));
        verifyValid(issued.plaintext(), IP);
        Instant micros = TestClock.START.plusSeconds(5).plusNanos(123_456_000);

        assertThat(service.get("acme", id).orElseThrow().lastUsedAt()).isEqualTo(micros);
        service.flushUsage();
        assertThat(store.row(id).lastUsedAt()).isEqualTo(micros);
        assertThat(service.get("acme", id).orElseThrow().lastUsedAt()).isEqualTo(micros);
    }

    @Test
    void flushWhenStoreWriteFailsThenRetriedOnNextFlushAndVerificationUnaffected() {
        IssuedToken issued = issue();
        String id = issued.info().id();
        store.failOn("recordUsage");

        verifyValid(issued.plaintext(), IP);
        assertThat(service.flushUsage()).isZero();
        verifyValid(issued.plaintext(), IP);
        assertThat(store.calls("recordUsage")).isEqualTo(1);
        assertThat(store.row(id).lastUsedAt()).isNull();
        assertThat(service.pendingUsageWrites()).isEqualTo(1);
        assertThat(service.get("acme", id).orElseThrow().lastUsedAt()).isEqualTo(TestClock.START);

        store.heal();
        assertThat(service.flushUsage()).isEqualTo(1);
        assertThat(store.row(id).lastUsedAt()).isEqualTo(TestClock.START);
        assertThat(store.row(id).lastUsedIp()).isEqualTo(IP);
        assertThat(service.pendingUsageWrites()).isZero();
    }

    @Test
    void closeWhenUsePendingInsideIntervalThenFlushesEverything() {
        IssuedToken first = issue();
        IssuedToken second = issue();
        verifyValid(first.plaintext(), IP);
        service.flushUsage();
        clock.advance(Duration.ofSeconds(1));
        verifyValid(first.plaintext(), "192.0.2.1");
        verifyValid(second.plaintext(), "192.0.2.2");

        service.close();

        assertThat(store.row(first.info().id()).lastUsedAt()).isEqualTo(clock.instant());
        assertThat(store.row(first.info().id()).lastUsedIp()).isEqualTo("192.0.2.1");
        assertThat(store.row(second.info().id()).lastUsedAt()).isEqualTo(clock.instant());
        assertThat(service.pendingUsageWrites()).isZero();
        service.close(); // idempotent
        assertThat(store.calls("recordUsage")).isEqualTo(2);
    }

    @Test
    void verifyWhenUsageTrackingOffThenNothingRecorded() {
        TokenService untracked = TokenService.builder(store).clock(clock).usageTracking(false)
                .backgroundUsageFlush(false).build();
        IssuedToken issued = untracked.issue(IssueRequest.builder("acme", "alice").name("CI").build());
        assertThat(untracked.verify(issued.plaintext(), null, AbilityCheck.none(), IP).isValid()).isTrue();
        assertThat(untracked.pendingUsageWrites()).isZero();
        untracked.close();
        assertThat(store.calls("recordUsage")).isZero();
        assertThat(untracked.get("acme", issued.info().id()).orElseThrow().lastUsedAt()).isNull();
    }

    @Test
    void verifyWhenFailedThenNoUseRecorded() {
        IssuedToken issued = issue();
        service.revoke("acme", issued.info().id(), "alice", null);
        assertThat(service.verify(issued.plaintext(), null, AbilityCheck.none(), IP).isValid()).isFalse();
        service.close();
        assertThat(store.calls("recordUsage")).isZero();
    }

    @Test
    void builderWhenFlushIntervalNotPositiveThenRejectedNamingIt() {
        assertThatThrownBy(() -> TokenService.builder(store).usageFlushInterval(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("usageFlushInterval must be positive, was PT0S");
    }

    @Test
    void flushWhenCustomIntervalThenNextWriteAfterThatInterval() {
        TokenService fast = TokenService.builder(store).clock(clock).usageFlushInterval(Duration.ofSeconds(5))
                .backgroundUsageFlush(false).build();
        IssuedToken issued = fast.issue(IssueRequest.builder("acme", "alice").name("CI").build());
        assertThat(fast.verify(issued.plaintext()).isValid()).isTrue();
        assertThat(fast.flushUsage()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(fast.verify(issued.plaintext()).isValid()).isTrue();
        clock.advance(Duration.ofSeconds(4).minusNanos(1_000));
        assertThat(fast.flushUsage()).isZero();
        clock.advance(Duration.ofNanos(1_000));
        assertThat(fast.flushUsage()).isEqualTo(1);
        assertThat(store.row(issued.info().id()).lastUsedAt()).isEqualTo(TestClock.START.plusSeconds(1));
    }
}
