package dev.klink.tokens.readme;

// readme:begin
import dev.klink.tokens.ExpiryReminders;
import dev.klink.tokens.TokenEvent;
import dev.klink.tokens.TokenService;
import java.util.concurrent.TimeUnit;
// readme:end
import dev.klink.tokens.spi.TokenStore;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** README "Expiry reminders": the reminders in plain Java, on a scheduler of the application's. */
final class ExpiryRemindersPlain {

    private static final Logger log = LoggerFactory.getLogger(ExpiryRemindersPlain.class);

    private ExpiryRemindersPlain() {
    }

    static TokenService remindHourly(TokenStore store, ReminderMails mails, ScheduledExecutorService scheduler) {
        // readme:begin
        TokenService tokens = TokenService.builder(store)
                .listener(event -> {
                    if (event instanceof TokenEvent.ExpiringSoon soon) {   // never carries the secret
                        mails.send(soon.token(), soon.threshold());
                    }
                })
                .build();
        ExpiryReminders reminders = ExpiryReminders.of(tokens);           // 7 days and 1 day before expiry
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                reminders.send();                  // run it on every node: the store lets one send each reminder
            } catch (RuntimeException e) {
                log.warn("Expiry reminders failed; the next run sends what is due: {}", e.toString());
            }
        }, 0, 1, TimeUnit.HOURS);
        // readme:end
        return tokens;
    }
}
