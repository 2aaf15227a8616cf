package dev.klink.tokens.spring.test;

import dev.klink.tokens.AbilityCatalog;
import dev.klink.tokens.TokenPrincipal;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.spring.security.TokenAuthentication;
import dev.klink.tokens.spring.security.TokenAuthorities;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;

/** Builds the {@link TokenAuthentication} a verified token would give, without a token. */
final class TestPrincipals {

    private TestPrincipals() {
    }

    /**
     * A token principal with {@code SCOPE_} authorities as the application's catalog expands them (its implications
     * and wildcards); abilities the catalog does not know are refused, as at issue.
     */
    static TokenAuthentication authentication(String tenantId, String ownerId, List<String> abilities,
            String tokenId, String tokenName, AbilityCatalog catalog) {
        catalog.validate(abilities);
        TokenPrincipal principal = new TokenPrincipal(tenantId, ownerId, tokenId, tokenName,
                Set.copyOf(abilities), null, catalog);
        return new TokenAuthentication(principal, TokenAuthorities.of(principal, catalog));
    }

    /** The catalog of the application's {@link TokenService}; without one, any well-formed ability. */
    static AbilityCatalog catalogOf(@Nullable BeanFactory beans) {
        if (beans == null) {
            return AbilityCatalog.unrestricted();
        }
        TokenService tokens = beans.getBeanProvider(TokenService.class).getIfUnique();
        return tokens == null ? AbilityCatalog.unrestricted() : tokens.catalog();
    }
}
