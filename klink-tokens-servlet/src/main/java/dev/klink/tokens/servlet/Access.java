package dev.klink.tokens.servlet;

import dev.klink.tokens.AbilityCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a request matching an {@link AccessRule} needs: nothing ({@link #permitAll()}), a valid token
 * ({@link #authenticated()}), or a valid token with {@link #all(String...) all} or {@link #any(String...) any} of
 * some abilities. Immutable.
 */
public final class Access {

    private static final Access PERMIT_ALL = new Access(true, AbilityCheck.none());
    private static final Access AUTHENTICATED = new Access(false, AbilityCheck.none());
    private static final Pattern CHECK = Pattern.compile("(all|any)\\(([^()]*)\\)");

    private final boolean permitAll;
    private final AbilityCheck check;

    private Access(boolean permitAll, AbilityCheck check) {
        this.permitAll = permitAll;
        this.check = check;
    }

    /** No token needed; a token that is present is still verified. */
    public static Access permitAll() {
        return PERMIT_ALL;
    }

    /** Any valid token. */
    public static Access authenticated() {
        return AUTHENTICATED;
    }

    /** A valid token holding every one of {@code abilities}. */
    public static Access all(String... abilities) {
        return of(AbilityCheck.all(abilities));
    }

    /** A valid token holding at least one of {@code abilities}. */
    public static Access any(String... abilities) {
        return of(AbilityCheck.any(abilities));
    }

    /** A valid token meeting {@code check}. */
    public static Access of(AbilityCheck check) {
        Objects.requireNonNull(check, "check");
        return check.isNone() ? AUTHENTICATED : new Access(false, check);
    }

    /**
     * Reads {@code permitAll}, {@code authenticated}, {@code all(a, b)} or {@code any(a b)} (abilities separated by
     * commas and/or spaces).
     *
     * @throws IllegalArgumentException naming the text when it is none of these
     */
    public static Access parse(String text) {
        String trimmed = text.strip();
        if (trimmed.equals("permitAll")) {
            return PERMIT_ALL;
        }
        if (trimmed.equals("authenticated")) {
            return AUTHENTICATED;
        }
        Matcher matcher = CHECK.matcher(trimmed);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("access must be permitAll, authenticated, all(abilities...) or "
                    + "any(abilities...), was '" + trimmed + "'");
        }
        List<String> abilities = new ArrayList<>();
        for (String ability : matcher.group(2).split("[,\\s]+")) {
            if (!ability.isEmpty()) {
                abilities.add(ability);
            }
        }
        if (abilities.isEmpty()) {
            throw new IllegalArgumentException("access " + matcher.group(1) + "(...) needs at least one ability, was '"
                    + trimmed + "'");
        }
        return of(AbilityCheck.of(matcher.group(1).equals("all") ? AbilityCheck.Mode.ALL : AbilityCheck.Mode.ANY,
                abilities));
    }

    /** Whether a request without a token may pass. */
    public boolean isPermitAll() {
        return permitAll;
    }

    /** The abilities a token must hold; {@link AbilityCheck#none()} for permitAll and authenticated. */
    public AbilityCheck check() {
        return check;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Access that && that.permitAll == permitAll && that.check.equals(check);
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(permitAll) * 31 + check.hashCode();
    }

    /** The same text {@link #parse(String)} reads. */
    @Override
    public String toString() {
        if (permitAll) {
            return "permitAll";
        }
        if (check.isNone()) {
            return "authenticated";
        }
        return (check.mode() == AbilityCheck.Mode.ALL ? "all(" : "any(") + String.join(", ", check.abilities()) + ")";
    }
}
