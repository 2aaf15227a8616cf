package dev.klink.tokens.example.demo;

import dev.klink.tokens.spring.TokenOwner;
import dev.klink.tokens.spring.TokenOwnerResolver;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Tells the {@code /api/tokens} management endpoints whose tokens the signed-in user manages: their own, in their
 * tenant. This is the one piece of glue an application writes to map its user model.
 */
@Component
final class DemoTokenOwners implements TokenOwnerResolver {

    private final DemoUsers users;

    DemoTokenOwners(DemoUsers users) {
        this.users = users;
    }

    @Override
    public Optional<TokenOwner> resolve(HttpServletRequest request) {
        Principal principal = request.getUserPrincipal();
        if (principal == null) {
            return Optional.empty();
        }
        return users.find(principal.getName()).map(user -> TokenOwner.loggedIn(user.tenant(), user.username()));
    }
}
