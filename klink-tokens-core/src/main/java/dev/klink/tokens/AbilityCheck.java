package dev.klink.tokens;

import java.util.Arrays;
import java.util.List;

/**
 * What a request needs: {@link #all(String...) all} of some abilities, {@link #any(String...) any} of them, or
 * {@link #none() nothing} beyond a valid token.
 */
public final class AbilityCheck {

    /** How the abilities of a check combine. */
    public enum Mode {
        ALL, ANY
    }

    private static final AbilityCheck NONE = new AbilityCheck(Mode.ALL, List.of());

    private final Mode mode;
    private final List<String> abilities;

    private AbilityCheck(Mode mode, List<String> abilities) {
        for (String ability : abilities) {
            if (!Abilities.isGrant(ability)) {
                throw new IllegalArgumentException("Malformed ability '" + ability + "' in a check");
            }
        }
        this.mode = mode;
        this.abilities = abilities;
    }

    /** Met by any valid token. */
    public static AbilityCheck none() {
        return NONE;
    }

    /** Met when the token has every one of {@code abilities}. */
    public static AbilityCheck all(String... abilities) {
        return of(Mode.ALL, List.of(abilities));
    }

    /** Met when the token has at least one of {@code abilities}. */
    public static AbilityCheck any(String... abilities) {
        return of(Mode.ANY, List.of(abilities));
    }

    public static AbilityCheck of(Mode mode, List<String> abilities) {
        if (abilities.isEmpty()) {
            if (mode == Mode.ANY) {
                throw new IllegalArgumentException("an any(...) check needs at least one ability");
            }
            return NONE;
        }
        return new AbilityCheck(mode, List.copyOf(abilities));
    }

    public Mode mode() {
        return mode;
    }

    /** The abilities named by the check, in the order given: what a 403 response lists in {@code scope}. */
    public List<String> abilities() {
        return abilities;
    }

    public boolean isNone() {
        return abilities.isEmpty();
    }

    /** Whether {@code principal} meets this check. */
    public boolean isSatisfiedBy(TokenPrincipal principal) {
        // by index, not by iterator: this runs on every protected request
        int count = abilities.size();
        if (mode == Mode.ALL) {
            for (int i = 0; i < count; i++) {
                if (!principal.hasAbility(abilities.get(i))) {
                    return false;
                }
            }
            return true;
        }
        for (int i = 0; i < count; i++) {
            if (principal.hasAbility(abilities.get(i))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AbilityCheck check && check.mode == mode && check.abilities.equals(abilities);
    }

    @Override
    public int hashCode() {
        return mode.hashCode() * 31 + abilities.hashCode();
    }

    @Override
    public String toString() {
        return isNone() ? "none()" : mode.name().toLowerCase(java.util.Locale.ROOT) + Arrays.toString(abilities.toArray());
    }
}
