package dev.klink.tokens.spring;

import java.time.Clock;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The single daemon thread of a background job ({@link TokenPruner}, {@link ExpiryReminderJob}): made on start,
 * shut down on stop, so that a job never holds up the JVM's exit nor shares a pool with the application's tasks.
 */
final class DaemonSchedule {

    private final String threadNamePrefix;
    private final Clock clock;
    private @Nullable ThreadPoolTaskScheduler scheduler;
    private @Nullable ScheduledFuture<?> scheduled;

    /** @param clock the job's clock, so that its schedule and the work it does agree on the time */
    DaemonSchedule(String threadNamePrefix, Clock clock) {
        this.threadNamePrefix = threadNamePrefix;
        this.clock = clock;
    }

    /**
     * Makes the thread and schedules the job on it with {@code schedule}.
     *
     * @return false, doing nothing, when already started
     */
    synchronized boolean start(Function<ThreadPoolTaskScheduler, ScheduledFuture<?>> schedule) {
        if (scheduler != null) {
            return false;
        }
        ThreadPoolTaskScheduler created = new ThreadPoolTaskScheduler();
        created.setThreadNamePrefix(threadNamePrefix);
        created.setDaemon(true);
        created.setClock(clock);
        created.initialize();
        scheduler = created;
        scheduled = schedule.apply(created);
        return true;
    }

    /** Cancels the job (a run in progress finishes) and stops the thread; a no-op when not started. */
    synchronized void stop() {
        if (scheduled != null) {
            scheduled.cancel(false);
            scheduled = null;
        }
        if (scheduler != null) {
            scheduler.shutdown();
            scheduler = null;
        }
    }

    synchronized boolean isRunning() {
        return scheduler != null;
    }
}
