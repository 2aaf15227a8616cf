package dev.klink.tokens.example.demo;

import dev.klink.tokens.ExpiryReminders;
import dev.klink.tokens.TokenInfo;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.TokenStatus;
import dev.klink.tokens.page.Page;
import dev.klink.tokens.page.PageRequest;
import dev.klink.tokens.spring.TokenOwner;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.time.Instant;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the API Tokens page's banner says: how many of the signed-in user's active tokens expire within the largest
 * reminder threshold ("1 token expires within 7 days"), counted by the server's clock.
 */
@RestController
class ExpiringTokensController {

    /** {@code withinDays}: the largest reminder threshold, in whole days. */
    record ExpiringTokens(int count, long withinDays) {
    }

    private static final int PAGE_SIZE = 100;

    private final TokenService tokens;
    private final ExpiryReminders reminders;
    private final DemoTokenOwners owners;

    ExpiringTokensController(TokenService tokens, ExpiryReminders reminders, DemoTokenOwners owners) {
        this.tokens = tokens;
        this.reminders = reminders;
        this.owners = owners;
    }

    @GetMapping("/app/expiring-tokens")
    ResponseEntity<ExpiringTokens> expiring(HttpServletRequest request) {
        TokenOwner owner = owners.resolve(request).orElse(null);
        if (owner == null) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).build();
        }
        Duration within = reminders.largestThreshold();
        Instant until = tokens.clock().instant().plus(within);
        int count = 0;
        Page<TokenInfo> listed;
        int page = 0;
        do {
            listed = tokens.listByOwner(owner.tenantId(), owner.ownerId(), PageRequest.of(page++, PAGE_SIZE));
            for (TokenInfo token : listed.items()) {
                Instant expiresAt = token.expiresAt();
                if (token.status() == TokenStatus.ACTIVE && expiresAt != null && !expiresAt.isAfter(until)) {
                    count++;
                }
            }
        } while (listed.hasNext());
        return ResponseEntity.ok().cacheControl(CacheControl.noStore())
                .body(new ExpiringTokens(count, within.toDays()));
    }
}
