package dev.klink.tokens.spring;

import dev.klink.tokens.ExpiryReminders;
import dev.klink.tokens.TokenEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * Sends expiry reminders on a schedule, on its own single daemon thread: runs {@link ExpiryReminders#send()} at
 * start and every interval after, and publishes each reminder as a {@link TokenExpiringSoonEvent}. Every node may
 * run it: the store lets one node only send each reminder. Enabled unless {@code klink.tokens.reminders.enabled}
 * is false.
 */
public final class ExpiryReminderJob implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ExpiryReminderJob.class);

    private final ExpiryReminders reminders;
    private final Duration interval;
    private final Clock clock;
    private final ApplicationEventPublisher publisher;
    private final DaemonSchedule schedule;

    /**
     * @param interval time between runs, the first one at start
     * @param clock the clock of the service the reminders read, so that the schedule and the reminders agree
     */
    public ExpiryReminderJob(ExpiryReminders reminders, Duration interval, Clock clock,
            ApplicationEventPublisher publisher) {
        this.reminders = Objects.requireNonNull(reminders, "reminders");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, was " + interval);
        }
        this.interval = interval;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.schedule = new DaemonSchedule("klink-tokens-reminders-", clock);
    }

    /**
     * Sends the reminders due now and publishes each; never throws (a failure is logged, and the next run sends what
     * is still due). Returns the reminders sent.
     */
    public List<TokenEvent.ExpiringSoon> runNow() {
        List<TokenEvent.ExpiringSoon> sent;
        try {
            sent = reminders.send();
        } catch (RuntimeException e) {
            log.warn("Sending token expiry reminders failed; will retry on the next run: {}", e.toString());
            return List.of();
        }
        for (TokenEvent.ExpiringSoon reminder : sent) {
            try {
                publisher.publishEvent(new TokenExpiringSoonEvent(this, reminder));
            } catch (RuntimeException e) {
                log.warn("A listener of the expiry reminder of token {} failed", reminder.token().id(), e);
            }
        }
        return sent;
    }

    public ExpiryReminders reminders() {
        return reminders;
    }

    /** The time between runs. */
    public Duration interval() {
        return interval;
    }

    @Override
    public void start() {
        // the first run at start: a node restarted more often than the interval still sends reminders
        if (schedule.start(scheduler -> scheduler.scheduleWithFixedDelay(this::runNow, clock.instant(), interval))) {
            log.info("Sending token expiry reminders at {} before expiry, every {}", reminders.thresholds(), interval);
        }
    }

    @Override
    public void stop() {
        schedule.stop();
    }

    @Override
    public boolean isRunning() {
        return schedule.isRunning();
    }

    @Override
    public String toString() {
        return "ExpiryReminderJob[thresholds=" + reminders.thresholds() + ", interval=" + interval + "]";
    }
}
