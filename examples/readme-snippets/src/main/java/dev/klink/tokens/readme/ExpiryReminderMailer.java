package dev.klink.tokens.readme;

// readme:begin
import dev.klink.tokens.spring.TokenExpiringSoonEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
// readme:end

/** README "Expiry reminders": the Spring application's listener. */
// readme:begin
@Component
class ExpiryReminderMailer {
    private final ReminderMails mails;

    ExpiryReminderMailer(ReminderMails mails) {
        this.mails = mails;
    }

    @EventListener
    void remind(TokenExpiringSoonEvent event) {         // once per token and threshold, on one node of all
        mails.send(event.token(), event.threshold());   // id, tenant, owner, name, expiresAt; never the secret
    }
}
// readme:end
