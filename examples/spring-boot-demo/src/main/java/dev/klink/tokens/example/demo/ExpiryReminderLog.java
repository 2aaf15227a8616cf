package dev.klink.tokens.example.demo;

import dev.klink.tokens.TokenInfo;
import dev.klink.tokens.spring.TokenExpiringSoonEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Where a real application would mail the owner: logs each expiry reminder with the token's id and owner. The event
 * carries no secret, so none can reach the log.
 */
@Component
class ExpiryReminderLog {

    private static final Logger log = LoggerFactory.getLogger(ExpiryReminderLog.class);

    @EventListener
    void onExpiringSoon(TokenExpiringSoonEvent event) {
        TokenInfo token = event.token();
        log.info("Reminder: token {} (\"{}\") of owner {} in tenant {} expires at {}, within {} days", token.id(),
                token.name(), token.ownerId(), token.tenantId(), token.expiresAt(), event.threshold().toDays());
    }
}
