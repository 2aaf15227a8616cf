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

/**
 * The abilities an application offers, with descriptions and implications. Issuing a token with an ability that is
 * not in the catalog fails. A check for {@code orders:read} is met by a token holding {@code orders:read},
 * {@code orders:*}, {@code *}, or any ability that implies it.
 */
public final class AbilityCatalog {

    private static final AbilityCatalog UNRESTRICTED = new AbilityCatalog(Map.of(), true);

    private final Map<String, AbilityDefinition> definitions;
    /** ability -> every ability it implies, transitively (without itself). */
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

    /** Whether a token holding {@code grants} may do what {@code required} allows. */
    public boolean grants(Collection<String> grants, String required) {
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
