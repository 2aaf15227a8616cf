package dev.klink.tokens.spring.autoconfigure;

import dev.klink.tokens.ExpiryReminders;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.spring.ExpiryReminderJob;
import dev.klink.tokens.spring.TokenExpiringSoonEvent;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * Expiry reminders: an {@link ExpiryReminders} at {@code klink.tokens.reminders.thresholds} (7 days and 1 day by
 * default) and an {@link ExpiryReminderJob} that runs it every {@code klink.tokens.reminders.interval} and publishes
 * each reminder as a {@link TokenExpiringSoonEvent}. On unless {@code klink.tokens.reminders.enabled=false}.
 */
@AutoConfiguration(after = KlinkTokensAutoConfiguration.class)
@ConditionalOnBean(TokenService.class)
@ConditionalOnBooleanProperty(name = "klink.tokens.reminders.enabled", matchIfMissing = true)
@EnableConfigurationProperties(KlinkTokensReminderProperties.class)
public final class KlinkTokensRemindersAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ExpiryReminders klinkExpiryReminders(TokenService tokens, KlinkTokensReminderProperties properties) {
        try {
            return ExpiryReminders.of(tokens, properties.getThresholds());
        } catch (IllegalArgumentException e) {
            throw PropertyChecks.invalid("reminders.thresholds", properties.getThresholds(), e.getMessage());
        }
    }

    @Bean
    @ConditionalOnMissingBean
    ExpiryReminderJob klinkExpiryReminderJob(ExpiryReminders reminders, TokenService tokens,
            KlinkTokensReminderProperties properties, ApplicationEventPublisher publisher) {
        return new ExpiryReminderJob(reminders, PropertyChecks.positive("reminders.interval",
                properties.getInterval()), tokens.clock(), publisher);
    }
}
