package dev.klink.tokens.spring;

import dev.klink.tokens.TokenService;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.support.CronTrigger;

/**
 * Deletes tokens that expired or were revoked longer ago than the retention, on a cron expression or at a fixed
 * interval, on its own single daemon thread. Enabled by {@code klink.tokens.prune.enabled=true}.
 */
public final class TokenPruner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TokenPruner.class);

    private final TokenService tokens;
    private final Duration retention;
    private final @Nullable CronTrigger cron;
    private final Duration interval;
    private final Clock clock;
    private final DaemonSchedule schedule;

    private TokenPruner(TokenService tokens, Duration retention, @Nullable CronTrigger cron, Duration interval) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.retention = retention;
        this.cron = cron;
        this.interval = interval;
        this.clock = tokens.clock();
        this.schedule = new DaemonSchedule("klink-tokens-prune-", clock);
    }

    /** Prunes at every match of {@code cron} (Spring's six-field format) in UTC. */
    public static TokenPruner cron(TokenService tokens, Duration retention, String cron) {
        return new TokenPruner(tokens, requireRetention(retention), new CronTrigger(cron, java.time.ZoneOffset.UTC),
                Duration.ZERO);
    }

    /** Prunes every {@code interval}, the first time one interval after start. */
    public static TokenPruner every(TokenService tokens, Duration retention, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, was " + interval);
        }
        return new TokenPruner(tokens, requireRetention(retention), null, interval);
    }

    private static Duration requireRetention(Duration retention) {
        if (retention.isNegative()) {
            throw new IllegalArgumentException("retention must not be negative, was " + retention);
        }
        return retention;
    }

    /** Prunes now; never throws (a failure is logged and the next run tries again). Returns how many were deleted. */
    public int pruneNow() {
        try {
            return tokens.prune(retention);
        } catch (RuntimeException e) {
            log.warn("Pruning tokens inactive for more than {} failed; will retry on the next run: {}", retention,
                    e.toString());
            return 0;
        }
    }

    /** The cron expression, or {@code null} when pruning at a fixed interval. */
    public @Nullable String cronExpression() {
        return cron == null ? null : cron.getExpression();
    }

    /** The interval between runs; zero when a cron expression is used. */
    public Duration interval() {
        return interval;
    }

    public Duration retention() {
        return retention;
    }

    @Override
    public void start() {
        boolean started = schedule.start(scheduler -> cron != null
                ? scheduler.schedule(this::pruneNow, cron)
                : scheduler.scheduleWithFixedDelay(this::pruneNow, clock.instant().plus(interval), interval));
        if (started) {
            log.info("Pruning tokens inactive for more than {} {}", retention,
                    cron != null ? "on cron '" + cron.getExpression() + "' (UTC)" : "every " + interval);
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
        return "TokenPruner[retention=" + retention + ", " + (cron != null ? "cron=" + cron.getExpression()
                : "interval=" + interval) + "]";
    }
}
