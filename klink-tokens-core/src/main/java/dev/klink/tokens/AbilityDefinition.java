package dev.klink.tokens;

import java.util.Set;

/**
 * One entry of an {@link AbilityCatalog}: the ability, what it allows (shown to users choosing abilities), and the
 * abilities it implies ({@code orders:write} implies {@code orders:read}).
 */
public record AbilityDefinition(String name, String description, Set<String> implies) {

    public AbilityDefinition {
        if (!Abilities.isAbility(name)) {
            throw new IllegalArgumentException("ability must match segment(:segment)* with segment = "
                    + "[a-z0-9][a-z0-9._-]*, was '" + name + "'");
        }
        if (description == null || description.isBlank()) {
            throw new IllegalArgumentException("ability '" + name + "' needs a description");
        }
        implies = Set.copyOf(implies);
    }
}
