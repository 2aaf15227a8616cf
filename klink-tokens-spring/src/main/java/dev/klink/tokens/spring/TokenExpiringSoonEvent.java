package dev.klink.tokens.spring;

import dev.klink.tokens.TokenEvent;
import dev.klink.tokens.TokenInfo;
import java.time.Duration;
import java.util.Objects;
import org.springframework.context.ApplicationEvent;

/**
 * A token will expire within {@link #threshold()}: published by the {@link ExpiryReminderJob} once per token and
 * threshold across every node, for the application to remind the owner (an {@code @EventListener} that sends a
 * mail). Carries what the owner sees of the token, never its secret or hash.
 */
public final class TokenExpiringSoonEvent extends ApplicationEvent {

    private static final long serialVersionUID = 1L;

    private final transient TokenEvent.ExpiringSoon reminder;

    public TokenExpiringSoonEvent(Object source, TokenEvent.ExpiringSoon reminder) {
        super(source);
        this.reminder = Objects.requireNonNull(reminder, "reminder");
    }

    /** The core event this one carries. */
    public TokenEvent.ExpiringSoon reminder() {
        return reminder;
    }

    /** The token, as its owner sees it: id, tenant, owner, name, expiry, abilities. */
    public TokenInfo token() {
        return reminder.token();
    }

    /** The threshold crossed, e.g. 7 days. */
    public Duration threshold() {
        return reminder.threshold();
    }

    @Override
    public String toString() {
        return "TokenExpiringSoonEvent[token=" + reminder.token().id() + ", owner=" + reminder.token().ownerId()
                + ", tenant=" + reminder.token().tenantId() + ", expiresAt=" + reminder.token().expiresAt()
                + ", threshold=" + reminder.threshold() + "]";
    }
}
