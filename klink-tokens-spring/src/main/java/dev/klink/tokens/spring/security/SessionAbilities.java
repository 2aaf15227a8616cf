package dev.klink.tokens.spring.security;

import dev.klink.tokens.AbilityCatalog;
import dev.klink.tokens.AbilityCheck;
import dev.klink.tokens.AbilityDefinition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Abilities given to users the application signed in by a session (form login, SSO login), so that one rule
 * ({@code hasAuthority('SCOPE_orders:read')}, {@code @RequiresAbilities("orders:read")}) serves the browser app and
 * scripts with tokens, as Laravel Sanctum's {@code tokenCan} does for a session login. Set with
 * {@code klink.tokens.security.session-abilities}: {@code none} (the default), {@code all-declared} or a list.
 *
 * <p>Only declared abilities can be given, never a wildcard: a session user gets {@code SCOPE_<ability>} for each
 * listed ability and what it implies. The session user stays a session user: no {@link TokenAuthentication}, no
 * token principal ({@code @AuthenticationPrincipal TokenPrincipal} is {@code null}), CSRF protection kept, and the
 * token management endpoints treat the request as the signed-in user's, as without this setting.
 */
public final class SessionAbilities {

    /** The request attribute holding a session user's {@code SessionAbilities} while the request is served. */
    public static final String REQUEST_ATTRIBUTE = "dev.klink.tokens.spring.security.SessionAbilities";

    /** The setting giving every declared ability. */
    public static final String ALL_DECLARED = "all-declared";
    /** The setting giving no ability (the default). */
    public static final String NONE = "none";

    private static final SessionAbilities NOTHING = new SessionAbilities(Set.of());

    private final Set<String> abilities;
    private final List<GrantedAuthority> authorities;

    private SessionAbilities(Set<String> abilities) {
        this.abilities = Set.copyOf(abilities);
        List<GrantedAuthority> list = new ArrayList<>(abilities.size());
        for (String ability : abilities) {
            list.add(new SimpleGrantedAuthority(TokenAuthorities.PREFIX + ability));
        }
        this.authorities = List.copyOf(list);
    }

    /** No ability for session users: they pass only rules that do not ask for one. */
    public static SessionAbilities none() {
        return NOTHING;
    }

    /** Every ability declared in {@code catalog}. */
    public static SessionAbilities allDeclared(AbilityCatalog catalog) {
        Objects.requireNonNull(catalog, "catalog");
        return of(catalog, catalog.definitions().stream().map(AbilityDefinition::name).toList());
    }

    /**
     * The given abilities and what they imply in {@code catalog}.
     *
     * @throws IllegalArgumentException when one is not declared in {@code catalog} (a wildcard never is)
     */
    public static SessionAbilities of(AbilityCatalog catalog, Collection<String> abilities) {
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(abilities, "abilities");
        List<String> declared = catalog.definitions().stream().map(AbilityDefinition::name).toList();
        for (String ability : abilities) {
            if (ability == null || catalog.find(ability).isEmpty()) {
                throw new IllegalArgumentException("Session ability '" + ability + "' is not declared in "
                        + "klink.tokens.abilities; only declared abilities (no wildcard) can be given to session "
                        + "users. Declared: " + (declared.isEmpty() ? "none" : String.join(", ", declared)));
            }
        }
        Set<String> granted = new LinkedHashSet<>();
        for (String name : declared) {
            if (catalog.grants(abilities, name)) {
                granted.add(name);
            }
        }
        return granted.isEmpty() ? NOTHING : new SessionAbilities(granted);
    }

    /**
     * Reads the setting {@code klink.tokens.security.session-abilities}: {@code [none]} or empty, {@code [all-declared]},
     * or declared abilities.
     *
     * @throws IllegalArgumentException when it mixes a keyword with abilities or names an undeclared ability
     */
    public static SessionAbilities fromSetting(List<String> setting, AbilityCatalog catalog) {
        Objects.requireNonNull(setting, "setting");
        if (setting.isEmpty() || setting.equals(List.of(NONE))) {
            return NOTHING;
        }
        if (setting.equals(List.of(ALL_DECLARED))) {
            return allDeclared(catalog);
        }
        if (setting.contains(NONE) || setting.contains(ALL_DECLARED)) {
            throw new IllegalArgumentException("must be '" + NONE + "', '" + ALL_DECLARED
                    + "' or a list of declared abilities");
        }
        return of(catalog, setting);
    }

    /** Whether no ability is given. */
    public boolean isNone() {
        return abilities.isEmpty();
    }

    /** The abilities given, implied ones included. */
    public Set<String> abilities() {
        return abilities;
    }

    /** Whether a session user with these abilities meets {@code check}. */
    public boolean satisfies(AbilityCheck check) {
        Objects.requireNonNull(check, "check");
        if (check.mode() == AbilityCheck.Mode.ALL) {
            return abilities.containsAll(check.abilities());
        }
        return check.abilities().stream().anyMatch(abilities::contains);
    }

    /** {@code SCOPE_<ability>} for every ability given. */
    public List<GrantedAuthority> authorities() {
        return authorities;
    }

    @Override
    public String toString() {
        return "SessionAbilities" + abilities;
    }
}
