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

    /** The signed-in user as the dashboard shows it. */
    record Session(String username, String displayName, String tenant, Instant now) {
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
                .body(new Session(user.username(), user.displayName(), user.tenant(), clock.instant()));
    }
}
