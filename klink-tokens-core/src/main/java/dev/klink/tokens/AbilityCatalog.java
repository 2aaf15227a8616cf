package dev.klink.tokens;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The abilities an application offers, with descriptions and implications. Issuing a token with an ability that is
 * not in the catalog fails. A check for {@code orders:read} is met by a token holding {@code orders:read},
 * {@code orders:*}, {@code *}, or any ability that implies it.
 */
public final class AbilityCatalog {

    private static final AbilityCatalog UNRESTRICTED = new AbilityCatalog(Map.of(), true);

    private final Map<String, AbilityDefinition> definitions;
    /**
     * grant -> every ability it implies, transitively, that it does not cover by itself: for a declared ability what
     * it implies, for a wildcard {@code x:*} what the declared abilities it covers imply outside {@code x}.
     */
    private final Map<String, Set<String>> closure;
    private final boolean unrestricted;

    private AbilityCatalog(Map<String, AbilityDefinition> definitions, boolean unrestricted) {
        this.definitions = definitions;
        this.unrestricted = unrestricted;
        this.closure = closureOf(definitions);
    }

    /** A catalog that accepts every well-formed ability and knows no implications. */
    public static AbilityCatalog unrestricted() {
        return UNRESTRICTED;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The declared abilities in declaration order; empty for an unrestricted catalog. */
    public List<AbilityDefinition> definitions() {
        return List.copyOf(definitions.values());
    }

    public Optional<AbilityDefinition> find(String ability) {
        return Optional.ofNullable(definitions.get(ability));
    }

    /** Whether this catalog accepts any well-formed ability. */
    public boolean isUnrestricted() {
        return unrestricted;
    }

    /**
     * Checks that every grant is known: a declared ability, {@code *}, or {@code x:*} covering at least one declared
     * ability.
     *
     * @throws InvalidTokenRequestException naming the first unknown or malformed ability
     */
    public void validate(Collection<String> grants) {
        for (String grant : grants) {
            if (!Abilities.isGrant(grant)) {
                throw new InvalidTokenRequestException("abilities", "Malformed ability '" + grant
                        + "': expected segment(:segment)* with segment = [a-z0-9][a-z0-9._-]*, or a wildcard");
            }
            if (!unrestricted && !definitions.containsKey(grant) && !coversDeclared(grant)) {
                throw new InvalidTokenRequestException("abilities", "Unknown ability '" + grant + "'; known: "
                        + String.join(", ", definitions.keySet()));
            }
        }
    }

    /**
     * Whether a token holding {@code grants} may do what {@code required} allows: a grant gives itself, what it
     * covers as a wildcard, and everything those imply.
     */
    public boolean grants(Collection<String> grants, String required) {
        if (grants.contains(required)) {
            return true; // a grant gives itself: the common case, answered without an iterator
        }
        for (String grant : grants) {
            if (Abilities.grants(grant, required)) {
                return true;
            }
            Set<String> implied = closure.get(grant);
            if (implied != null && implied.contains(required)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether an owner who may grant {@code grantable} may issue {@code requested}: every ability in the implication
     * closure of {@code requested} must be covered by one of {@code grantable} itself (a wildcard covers what lies
     * below it, not what that implies), so that a grant can never be widened through an implication.
     *
     * @return the first ability of the closure that is not covered, or {@code null} when all are
     */
    @Nullable String firstNotGrantable(Collection<String> grantable, String requested) {
        if (!coveredBy(grantable, requested)) {
            return requested;
        }
        for (String implied : closure.getOrDefault(requested, Set.of())) {
            if (!coveredBy(grantable, implied)) {
                return implied;
            }
        }
        return null;
    }

    /**
     * Whether an owner with no explicit grantable set may issue {@code requested}: declared abilities only (any
     * concrete ability in an unrestricted catalog), never a wildcard.
     */
    boolean grantableByDefault(String requested) {
        return Abilities.isAbility(requested) && (unrestricted || definitions.containsKey(requested));
    }

    private static boolean coveredBy(Collection<String> grantable, String ability) {
        for (String grant : grantable) {
            if (Abilities.grants(grant, ability)) {
                return true;
            }
        }
        return false;
    }

    private boolean coversDeclared(String grant) {
        for (String ability : definitions.keySet()) {
            if (Abilities.grants(grant, ability)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Set<String>> closureOf(Map<String, AbilityDefinition> definitions) {
        Map<String, Set<String>> closure = new HashMap<>();
        for (AbilityDefinition definition : definitions.values()) {
            Set<String> reached = new HashSet<>();
            Deque<String> pending = new ArrayDeque<>(definition.implies());
            while (!pending.isEmpty()) {
                String next = pending.pop();
                if (reached.add(next)) {
                    // build() refused implications of undeclared abilities
                    pending.addAll(Objects.requireNonNull(definitions.get(next)).implies());
                }
            }
            reached.remove(definition.name());
            if (!reached.isEmpty()) {
                closure.put(definition.name(), Set.copyOf(reached));
            }
        }
        // a wildcard holds what the declared abilities below it imply ("*" covers everything by itself)
        Map<String, Set<String>> wildcards = new HashMap<>();
        for (String name : definitions.keySet()) {
            for (int colon = name.indexOf(':'); colon > 0; colon = name.indexOf(':', colon + 1)) {
                String wildcard = name.substring(0, colon) + ":*";
                for (String implied : closure.getOrDefault(name, Set.of())) {
                    if (!Abilities.grants(wildcard, implied)) {
                        wildcards.computeIfAbsent(wildcard, key -> new HashSet<>()).add(implied);
                    }
                }
            }
        }
        wildcards.forEach((wildcard, implied) -> closure.put(wildcard, Set.copyOf(implied)));
        return Map.copyOf(closure);
    }

    @Override
    public String toString() {
        return unrestricted ? "AbilityCatalog[unrestricted]" : "AbilityCatalog" + definitions.keySet();
    }

    /** Declares abilities in the order a user should see them. */
    public static final class Builder {

        private final Map<String, AbilityDefinition> definitions = new LinkedHashMap<>();

        private Builder() {
        }

        /** Declares {@code name} with a description and the abilities it implies (declared before or after). */
        public Builder ability(String name, String description, String... implies) {
            return ability(new AbilityDefinition(name, description, Set.of(implies)));
        }

        public Builder ability(AbilityDefinition definition) {
            if (definitions.putIfAbsent(definition.name(), definition) != null) {
                throw new IllegalArgumentException("ability '" + definition.name() + "' is declared twice");
            }
            return this;
        }

        public AbilityCatalog build() {
            for (AbilityDefinition definition : definitions.values()) {
                for (String implied : definition.implies()) {
                    if (!definitions.containsKey(implied)) {
                        throw new IllegalArgumentException("ability '" + definition.name() + "' implies '" + implied
                                + "', which is not declared");
                    }
                }
            }
            return new AbilityCatalog(Collections.unmodifiableMap(new LinkedHashMap<>(definitions)), false);
        }
    }
}
