package dev.klink.tokens.example.multitenant;

import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The application's users and the tenant each belongs to (a table in a real application). */
@Component
public class Accounts {

    private static final Map<String, String> TENANT_OF_USER = Map.of("alice", "acme", "bob", "globex");

    /** The tenant of the user, or empty for an unknown user. */
    public Optional<String> tenantOf(String username) {
        return Optional.ofNullable(TENANT_OF_USER.get(username));
    }
}
