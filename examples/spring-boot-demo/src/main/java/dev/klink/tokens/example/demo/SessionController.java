package dev.klink.tokens.example.demo;

import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Tells the dashboard who is signed in, and the server's time (the expiry picker counts days from it). */
@RestController
class SessionController {

    /**
     * The signed-in user as the dashboard shows it; {@code tokenAdmin}: whether the page offers the tab with every
     * token of the tenant (the admin endpoints decide for themselves).
     */
    record Session(String username, String displayName, String tenant, Instant now, boolean tokenAdmin) {
    }

    private final DemoUsers users;
    private final Clock clock;

    SessionController(DemoUsers users, Clock clock) {
        this.users = users;
        this.clock = clock;
    }

    @GetMapping("/app/session")
    ResponseEntity<Session> session(Principal principal) {
        DemoUsers.DemoUser user = users.require(principal.getName());
        return ResponseEntity.ok().cacheControl(CacheControl.noStore())
                .body(new Session(user.username(), user.displayName(), user.tenant(), clock.instant(),
                        user.tokenAdmin()));
    }
}
