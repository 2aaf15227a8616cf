package dev.klink.tokens.spring.security;

import dev.klink.tokens.AbilityCatalog;
import dev.klink.tokens.AbilityDefinition;
import dev.klink.tokens.TokenPrincipal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Maps a token's abilities to Spring Security authorities: {@code SCOPE_<ability>} for every ability the token
 * holds, plus every catalog ability it grants through a wildcard or an implication ({@code orders:write} implying
 * {@code orders:read} yields both {@code SCOPE_orders:write} and {@code SCOPE_orders:read}), so that
 * {@code hasAuthority('SCOPE_orders:read')} means what {@link TokenPrincipal#hasAbility(String)} means.
 */
public final class TokenAuthorities {

    /** The prefix of every authority made from an ability, as for OAuth2 scopes in Spring Security. */
    public static final String PREFIX = "SCOPE_";

    private TokenAuthorities() {
    }

    /** The authorities of {@code principal}, held abilities first, in a stable order. */
    public static List<GrantedAuthority> of(TokenPrincipal principal, AbilityCatalog catalog) {
        Set<String> names = new LinkedHashSet<>();
        principal.abilities().stream().sorted().forEach(names::add);
        for (AbilityDefinition definition : catalog.definitions()) {
            if (principal.hasAbility(definition.name())) {
                names.add(definition.name());
            }
        }
        List<GrantedAuthority> authorities = new ArrayList<>(names.size());
        for (String name : names) {
            authorities.add(new SimpleGrantedAuthority(PREFIX + name));
        }
        return List.copyOf(authorities);
    }
}
