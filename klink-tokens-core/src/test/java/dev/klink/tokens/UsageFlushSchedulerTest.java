package dev.klink.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.spi.DailyUsage;
import dev.klink.tokens.spi.UsageUpdate;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.Test;

/** Who owns the thread of the background flush: the service by default, the caller when it supplies a scheduler. */
class UsageFlushSchedulerTest {

    private final TestClock clock = new TestClock();
    private final CountingTokenStore store = new CountingTokenStore();

    @Test
    void buildWhenSchedulerSuppliedThenFlushRunsOnItAndCloseCancelsItButLeavesSchedulerRunning() throws Exception {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1,
                runnable -> new Thread(runnable, "container-flush"));
        scheduler.setRemoveOnCancelPolicy(true);
        try {
            TokenService service = TokenService.builder(store).clock(clock).usageFlushScheduler(scheduler)
                    .usageFlushInterval(Duration.ofMillis(200)).build();
            assertThat(scheduler.getQueue()).hasSize(1);
            IssuedToken issued = service.issue(IssueRequest.builder("acme", "alice").name("CI").build());
            assertThat(service.verify(issued.plaintext(), null, AbilityCheck.none(), "192.0.2.1").isValid()).isTrue();

            assertThat(store.awaitCall("recordUsage", Duration.ofSeconds(10))).isTrue();
            assertThat(store.writtenUsage()).containsExactly(
                    new UsageUpdate(issued.info().id(), TestClock.START, "192.0.2.1",
                            List.of(new DailyUsage(LocalDate.ofInstant(TestClock.START, ZoneOffset.UTC), 1))));

            service.close();

            assertThat(scheduler.isShutdown()).isFalse();
            assertThat(scheduler.getQueue()).isEmpty();
            assertThat(scheduler.submit(() -> "still running").get()).isEqualTo("still running");
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void buildWhenNoSchedulerSuppliedThenOwnDaemonThreadWhichCloseStops() throws Exception {
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());

        TokenService service = TokenService.builder(store).clock(clock).build();

        List<Thread> started = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> !before.contains(thread))
                .filter(thread -> thread.getName().equals("klink-tokens-usage-flush"))
                .toList();
        assertThat(started).hasSize(1);
        Thread flushThread = started.get(0);
        assertThat(flushThread.isDaemon()).isTrue();

        service.close();
        flushThread.join(Duration.ofSeconds(10).toMillis());

        assertThat(flushThread.isAlive()).isFalse();
    }

    @Test
    void buildWhenBackgroundFlushOffThenSuppliedSchedulerGetsNoTask() {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
        try {
            TokenService service = TokenService.builder(store).clock(clock).usageFlushScheduler(scheduler)
                    .backgroundUsageFlush(false).build();

            assertThat(scheduler.getQueue()).isEmpty();
            service.close();
            assertThat(scheduler.isShutdown()).isFalse();
        } finally {
            scheduler.shutdownNow();
        }
    }
}
