package dev.klink.tokens.spring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Expiry reminders, under {@code klink.tokens.reminders}: when owners hear that a token will expire soon. */
@ConfigurationProperties("klink.tokens.reminders")
public class KlinkTokensReminderProperties {

    /** Whether to send expiry reminders (published as TokenExpiringSoonEvent) on a schedule. */
    private boolean enabled = true;

    /**
     * How long before a token's expiry each reminder is due, e.g. 7d,1d. A token first seen past several gets the
     * reminder of the smallest only. Whole seconds, positive, distinct.
     */
    private List<Duration> thresholds = new ArrayList<>(List.of(Duration.ofDays(7), Duration.ofDays(1)));

    /** Time between reminder runs; the first runs at start. */
    private Duration interval = Duration.ofHours(1);

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public List<Duration> getThresholds() {
        return thresholds;
    }

    public void setThresholds(List<Duration> thresholds) {
        this.thresholds = thresholds;
    }

    public Duration getInterval() {
        return interval;
    }

    public void setInterval(Duration interval) {
        this.interval = interval;
    }
}
