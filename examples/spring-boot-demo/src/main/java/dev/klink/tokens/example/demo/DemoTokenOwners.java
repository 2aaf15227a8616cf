package dev.klink.tokens.example.demo;

import dev.klink.tokens.spring.TokenOwner;
import dev.klink.tokens.spring.TokenOwnerResolver;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Tells the {@code /api/tokens} management endpoints whose tokens the signed-in user manages: their own, in the
 * tenant their account belongs to, never one the request names. A request authenticated by a token resolves to
 * nobody. This is the one piece of glue an application writes to map its user model.
 */
@Component
final class DemoTokenOwners implements TokenOwnerResolver {

    private final TokenOwnerResolver signedInUser;

    DemoTokenOwners(DemoUsers users) {
        this.signedInUser = TokenOwnerResolver.signedInUser(
                principal -> users.find(principal.getName()).map(DemoUsers.DemoUser::tenant));
    }

    @Override
    public Optional<TokenOwner> resolve(HttpServletRequest request) {
        return signedInUser.resolve(request);
    }
}
