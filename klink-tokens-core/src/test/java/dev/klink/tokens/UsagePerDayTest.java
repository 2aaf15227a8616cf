package dev.klink.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.spi.DailyUsage;
import dev.klink.tokens.spi.UsageUpdate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Successful verifications counted per token and UTC day, written behind with the last use, read as 30 days. */
class UsagePerDayTest {

    private static final String IP = "203.0.113.7";
    /** One microsecond before midnight UTC (the test's clock starts here). */
    private static final Instant BEFORE_MIDNIGHT = Instant.parse("2026-11-29T23:59:59.999999Z");
    private static final LocalDate NOV_29 = LocalDate.of(2026, 11, 29);
    private static final LocalDate NOV_30 = LocalDate.of(2026, 11, 30);

    private final TestClock clock = new TestClock(BEFORE_MIDNIGHT);
    private final CountingTokenStore store = new CountingTokenStore();
    private final TokenService service = TokenService.builder(store).clock(clock).backgroundUsageFlush(false)
            .build();

    private IssuedToken issue(String tenant) {
        return service.issue(IssueRequest.builder(tenant, "alice").name("CI").expiresInDays(30).build());
    }

    private void verify(IssuedToken token, int times) {
        for (int i = 0; i < times; i++) {
            assertThat(service.verify(token.plaintext(), null, AbilityCheck.none(), IP).isValid()).isTrue();
        }
    }

    private static DailyUsage uses(LocalDate day, long count) {
        return new DailyUsage(day, count);
    }

    /** The 30-day series as {@code (day, count)} with only the days that have a count. */
    private List<DailyUsage> usedDays(IssuedToken token) {
        return service.usageByDay("acme", token.info().id()).orElseThrow().stream()
                .filter(day -> day.count() > 0).toList();
    }

    @Test
    void usageByDayWhenNeverUsedThenThirtyZeroDaysOldestFirstEndingToday() {
        IssuedToken token = issue("acme");

        List<DailyUsage> series = service.usageByDay("acme", token.info().id()).orElseThrow();

        assertThat(series).hasSize(30);
        assertThat(series.get(0)).isEqualTo(uses(NOV_29.minusDays(29), 0));
        assertThat(series.get(29)).isEqualTo(uses(NOV_29, 0));
        for (int i = 1; i < series.size(); i++) {
            assertThat(series.get(i).day()).isEqualTo(series.get(i - 1).day().plusDays(1));
            assertThat(series.get(i).count()).isZero();
        }
    }

    @Test
    void verifyWhenUsesFallOnEitherSideOfMidnightUtcThenCountedOnTheirOwnDays() {
        IssuedToken token = issue("acme");

        verify(token, 2);
        clock.advance(Duration.ofNanos(1_000));
        verify(token, 3);

        assertThat(usedDays(token)).containsExactly(uses(NOV_29, 2), uses(NOV_30, 3));
        assertThat(service.usageByDay("acme", token.info().id()).orElseThrow()).hasSize(30)
                .last().isEqualTo(uses(NOV_30, 3));
    }

    @Test
    void flushWritesCountsWithTheLastUseOncePerIntervalAndReadsMergePendingCounts() {
        IssuedToken token = issue("acme");
        String id = token.info().id();
        verify(token, 4);

        assertThat(service.flushUsage()).isEqualTo(1);
        verify(token, 5);
        assertThat(service.flushUsage()).isZero(); // inside the interval: nothing written
        assertThat(store.writtenUsage()).containsExactly(new UsageUpdate(id, BEFORE_MIDNIGHT, IP,
                List.of(uses(NOV_29, 4))));
        assertThat(store.usageByDay("acme", id, NOV_29, NOV_29)).containsExactly(uses(NOV_29, 4));
        assertThat(usedDays(token)).containsExactly(uses(NOV_29, 9));

        clock.advance(Duration.ofSeconds(60));
        verify(token, 1); // on the next day
        assertThat(service.flushUsage()).isEqualTo(1);

        assertThat(store.writtenUsage()).last().isEqualTo(new UsageUpdate(id, clock.instant(), IP,
                List.of(uses(NOV_29, 5), uses(NOV_30, 1))));
        assertThat(store.calls("recordUsage")).isEqualTo(2);
        assertThat(usedDays(token)).containsExactly(uses(NOV_29, 9), uses(NOV_30, 1));
        assertThat(service.pendingUsageWrites()).isZero();
    }

    @Test
    void verifyWhenManyUsesAtOneInstantThenEachCounts() {
        IssuedToken token = issue("acme");

        verify(token, 1_000);
        service.close();

        assertThat(store.usageByDay("acme", token.info().id(), NOV_29, NOV_29)).containsExactly(uses(NOV_29, 1_000));
    }

    @Test
    void flushWhenStoreFailsThenCountsKeptAndWrittenOnceLater() {
        IssuedToken token = issue("acme");
        verify(token, 3);
        store.failOn("recordUsage");

        assertThat(service.flushUsage()).isZero();
        assertThat(usedDays(token)).containsExactly(uses(NOV_29, 3));
        verify(token, 2);
        store.heal();
        assertThat(service.flushUsage()).isEqualTo(1);

        assertThat(store.usageByDay("acme", token.info().id(), NOV_29, NOV_29)).containsExactly(uses(NOV_29, 5));
        assertThat(usedDays(token)).containsExactly(uses(NOV_29, 5));
    }

    @Test
    void flushWhenEntryForgottenAfterIdleIntervalThenLaterUsesStillCounted() {
        IssuedToken token = issue("acme");
        verify(token, 1);
        service.flushUsage();
        clock.advance(Duration.ofSeconds(60));
        service.flushUsage(); // written and idle: forgotten

        verify(token, 2);
        clock.advance(Duration.ofSeconds(60));
        service.flushUsage();

        assertThat(store.usageByDay("acme", token.info().id(), NOV_29, NOV_30))
                .containsExactly(uses(NOV_29, 1), uses(NOV_30, 2));
    }

    @Test
    void usageByDayWhenTokenOfAnotherTenantOrUnknownThenEmpty() {
        IssuedToken globex = issue("globex");
        verify(globex, 2);
        service.flushUsage();

        assertThat(service.usageByDay("acme", globex.info().id())).isEmpty();
        assertThat(service.usageByDay("acme", "0123456789abcdef")).isEmpty();
        assertThat(service.usageByDay("globex", globex.info().id()).orElseThrow()).last()
                .isEqualTo(uses(NOV_29, 2));
    }

    @Test
    void flushOncePerDayDeletesCountsOlderThanThirtyDays() {
        IssuedToken token = issue("acme");
        String id = token.info().id();
        store.recordUsage(List.of(new UsageUpdate(id, BEFORE_MIDNIGHT, IP,
                List.of(uses(NOV_29.minusDays(30), 7), uses(NOV_29.minusDays(29), 8)))));
        verify(token, 1);

        service.flushUsage();

        assertThat(store.usageByDay("acme", id, NOV_29.minusDays(60), NOV_29))
                .containsExactly(uses(NOV_29.minusDays(29), 8), uses(NOV_29, 1));
        assertThat(store.calls("deleteUsageBefore")).isEqualTo(1);
        clock.advance(Duration.ofSeconds(60)); // past midnight: a new day deletes again
        verify(token, 1);
        service.flushUsage();
        assertThat(store.calls("deleteUsageBefore")).isEqualTo(2);
        assertThat(usedDays(token)).containsExactly(uses(NOV_29, 1), uses(NOV_30, 1));
        clock.advance(Duration.ofSeconds(60));
        verify(token, 1);
        service.flushUsage();
        assertThat(store.calls("deleteUsageBefore")).isEqualTo(2);
    }

    @Test
    void verifyWhenThreadsVerifyAndFlushConcurrentlyThenEveryUseCountedOnce() throws Exception {
        IssuedToken token = issue("acme");
        int threads = 4;
        int perThread = 2_000;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        service.verify(token.plaintext(), null, AbilityCheck.none(), IP);
                        if (i % 100 == 0) {
                            clock.advance(Duration.ofSeconds(30));
                            service.flushUsage();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        service.close();

        long total = store.usageByDay("acme", token.info().id(), NOV_29.minusDays(29), NOV_29.plusDays(30)).stream()
                .mapToLong(DailyUsage::count).sum();
        assertThat(total).isEqualTo((long) threads * perThread);
    }

    @Test
    void pruneDeletesCountsOlderThanThirtyDays() {
        IssuedToken token = issue("acme");
        String id = token.info().id();
        store.recordUsage(List.of(new UsageUpdate(id, BEFORE_MIDNIGHT, IP,
                List.of(uses(NOV_29.minusDays(30), 7), uses(NOV_29.minusDays(29), 8)))));

        service.prune(Duration.ofDays(30));

        assertThat(store.usageByDay("acme", id, NOV_29.minusDays(60), NOV_29))
                .containsExactly(uses(NOV_29.minusDays(29), 8));
    }
}
