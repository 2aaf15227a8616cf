package dev.klink.tokens.example.demo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * The demo's sign-in accounts and the tenant (organization) each one belongs to. A real application would read
 * these from its user database.
 */
@Component
public final class DemoUsers implements UserDetailsService {

    /**
     * One account; the password is shown on the login page, so it is no secret. A {@code tokenAdmin} holds the role
     * {@code TOKENS_ADMIN} and sees and revokes every token of their tenant.
     */
    public record DemoUser(String username, String password, String displayName, String tenant, boolean tokenAdmin) {

        public DemoUser(String username, String password, String displayName, String tenant) {
            this(username, password, displayName, tenant, false);
        }
    }

    private static final List<DemoUser> ACCOUNTS = List.of(
            new DemoUser("alice", "alice", "Alice", "acme"),
            new DemoUser("bob", "bob", "Bob", "globex"),
            new DemoUser("carol", "carol", "Carol", "acme", true));

    private final Map<String, DemoUser> byName = new LinkedHashMap<>();
    private final Map<String, UserDetails> details = new LinkedHashMap<>();

    public DemoUsers() {
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        for (DemoUser user : ACCOUNTS) {
            byName.put(user.username(), user);
            details.put(user.username(), User.withUsername(user.username())
                    .password(encoder.encode(user.password()))
                    .roles(user.tokenAdmin() ? new String[] { "USER", "TOKENS_ADMIN" } : new String[] { "USER" })
                    .build());
        }
    }

    public List<DemoUser> all() {
        return ACCOUNTS;
    }

    public Optional<DemoUser> find(String username) {
        return Optional.ofNullable(byName.get(username));
    }

    /** The signed-in user's account; fails for a name that is not a demo account. */
    public DemoUser require(String username) {
        return find(username).orElseThrow(() -> new IllegalStateException("Unknown demo user " + username));
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        UserDetails user = details.get(username);
        if (user == null) {
            throw new UsernameNotFoundException("No demo user " + username);
        }
        // a copy, because Spring Security erases the password of the instance it authenticates
        return User.withUserDetails(user).build();
    }
}
