package dev.klink.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** TokenService paths the everyday tests do not reach: id collisions, shutdown retries, the flush thread, timing. */
class TokenServiceEdgeCasesTest {

    private final TestClock clock = new TestClock();
    private final CountingTokenStore store = new CountingTokenStore();

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    private IssueRequest.Builder request() {
        return IssueRequest.builder("acme", "alice").name("ci").abilities("a");
    }

    /** A source whose every draw is zero: every id and secret it yields is the same. */
    private static Random constant() {
        return new Random() {
            private static final long serialVersionUID = 1L;

            @Override
            public void nextBytes(byte[] bytes) {
                java.util.Arrays.fill(bytes, (byte) 0);
            }
        };
    }

    @Test
    void issueWhenTheFirstIdCollidesThenRetriesWithAFreshId() {
        try (TokenService first = TokenService.builder(store).clock(clock).random(new Random(7))
                .backgroundUsageFlush(false).build();
                TokenService second = TokenService.builder(store).clock(clock).random(new Random(7))
                        .backgroundUsageFlush(false).build()) {
            IssuedToken a = first.issue(request().build());

            IssuedToken b = second.issue(request().build());

            assertThat(b.info().id()).isNotEqualTo(a.info().id());
            assertThat(store.calls("insert")).isEqualTo(2 + 1);
            assertThat(second.verify(b.plaintext()).isValid()).isTrue();
        }
    }

    @Test
    void issueWhenEveryIdCollidesThenGivesUpAfterFiveAttempts() {
        try (TokenService service = TokenService.builder(store).clock(clock).random(constant())
                .backgroundUsageFlush(false).build()) {
            service.issue(request().build());
            store.resetCounts();

            assertThatThrownBy(() -> service.issue(request().build())).isInstanceOf(DuplicateTokenIdException.class);
            assertThat(store.calls("insert")).isEqualTo(5);
        }
    }

    @Test
    void rotateWhenNeverExpiringTokenAndPolicyNoLongerAllowsItThenReplacementGetsTheMaxLifetime() {
        TokenPolicy allowing = TokenPolicy.builder().allowNeverExpires(true).build();
        IssuedToken old;
        try (TokenService before = TokenService.builder(store).clock(clock).policy(allowing)
                .backgroundUsageFlush(false).build()) {
            old = before.issue(request().neverExpires().build());
        }
        try (TokenService after = TokenService.builder(store).clock(clock).backgroundUsageFlush(false).build()) {
            IssuedToken replacement = after.rotate("acme", old.info().id(), "alice");

            assertThat(replacement.info().expiresAt()).isEqualTo(TestClock.START.plus(Duration.ofDays(366)));
        }
    }

    @Test
    void rotateWhenNeverExpiringTokenAndPolicyAllowsItThenReplacementNeverExpires() {
        TokenPolicy allowing = TokenPolicy.builder().allowNeverExpires(true).build();
        try (TokenService service = TokenService.builder(store).clock(clock).policy(allowing)
                .backgroundUsageFlush(false).build()) {
            IssuedToken old = service.issue(request().neverExpires().build());

            IssuedToken replacement = service.rotate("acme", old.info().id(), "alice");

            assertThat(replacement.info().expiresAt()).isNull();
        }
    }

    @Test
    void verifyWhenObservedThenElapsedIsTheNonNegativeDurationOfTheCall() {
        AtomicLong elapsed = new AtomicLong(-1);
        try (TokenService service = TokenService.builder(store).clock(clock).backgroundUsageFlush(false)
                .verificationObserver((result, nanos) -> elapsed.set(nanos)).build()) {
            long before = System.nanoTime();
            service.verify("not a token");
            long bound = System.nanoTime() - before;

            assertThat(elapsed.get()).isBetween(0L, bound);
        }
    }

    @Test
    void backgroundFlushWhenATokenIsUsedThenWrittenWellBeforeTheIntervalEnds() throws InterruptedException {
        Duration interval = Duration.ofSeconds(8);
        try (TokenService service = TokenService.builder(store).clock(clock).usageFlushInterval(interval).build()) {
            IssuedToken issued = service.issue(request().build());
            assertThat(service.verify(issued.plaintext()).isValid()).isTrue();

            // the flush ticks every quarter interval (2 s); a first use is written on the next tick
            assertThat(store.awaitCall("recordUsage", Duration.ofSeconds(5))).isTrue();
            assertThat(store.row(issued.info().id()).lastUsedAt()).isEqualTo(TestClock.START);
        }
    }

    @Test
    void backgroundFlushWhenRunningThenItsThreadIsADaemon() {
        try (TokenService service = TokenService.builder(store).clock(clock).build()) {
            assertThat(service.pendingUsageWrites()).isZero();
            List<Thread> flushers = Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> thread.getName().equals("klink-tokens-usage-flush")).toList();

            assertThat(flushers).isNotEmpty().allMatch(Thread::isDaemon);
        }
    }

    @Test
    void closeWhenInterruptedWhileStoppingTheFlushThreadThenKeepsTheInterrupt() {
        TokenService service = TokenService.builder(store).clock(clock).build();
        Thread.currentThread().interrupt();

        service.close();

        assertThat(Thread.interrupted()).isTrue();
    }

    @Test
    void closeWhenInterruptedWhileWaitingToRetryThenStopsRetryingAndKeepsTheInterrupt() {
        List<Duration> pauses = new ArrayList<>();
        TokenService service = TokenService.builder(store).clock(clock).backgroundUsageFlush(false)
                .sleeper(pause -> {
                    pauses.add(pause);
                    throw new InterruptedException();
                }).build();
        service.verify(service.issue(request().build()).plaintext());
        store.failOn("recordUsage");

        service.close();

        assertThat(Thread.interrupted()).isTrue();
        assertThat(pauses).containsExactly(Duration.ofMillis(100));
        assertThat(store.calls("recordUsage")).isEqualTo(1);
    }

    @Test
    void closeWhenStoreStaysDownThenPausesDoubleUpToOneSecondAndFillTheTimeout() {
        List<Duration> pauses = new ArrayList<>();
        TokenService service = TokenService.builder(store).clock(clock).backgroundUsageFlush(false)
                .shutdownFlushTimeout(Duration.ofMillis(5000)).sleeper(pauses::add).build();
        service.verify(service.issue(request().build()).plaintext());
        store.failOn("recordUsage");

        service.close();

        assertThat(pauses).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400),
                Duration.ofMillis(800), Duration.ofMillis(1000), Duration.ofMillis(1000), Duration.ofMillis(1000),
                Duration.ofMillis(500));
    }

    @Test
    void closeWhenShutdownFlushTimeoutZeroThenTriesOnceWithoutPausing() {
        List<Duration> pauses = new ArrayList<>();
        TokenService service = TokenService.builder(store).clock(clock).backgroundUsageFlush(false)
                .shutdownFlushTimeout(Duration.ZERO).sleeper(pauses::add).build();
        service.verify(service.issue(request().build()).plaintext());
        store.failOn("recordUsage");

        service.close();

        assertThat(pauses).isEmpty();
        assertThat(store.calls("recordUsage")).isEqualTo(1);
    }

    @Test
    void closeWhenStoreStaysDownWithTheDefaultSleeperThenReallyWaitsTheTimeout() {
        TokenService service = TokenService.builder(store).clock(clock).backgroundUsageFlush(false)
                .shutdownFlushTimeout(Duration.ofMillis(300)).build();
        service.verify(service.issue(request().build()).plaintext());
        store.failOn("recordUsage");
        long start = System.nanoTime();

        service.close();

        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
        assertThat(store.calls("recordUsage")).isEqualTo(3);
    }
}
