package dev.klink.tokens;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The ability grammar and wildcard matching.
 *
 * <pre>
 * ability  = segment (":" segment)*        e.g. orders:read, repo:status:write
 * segment  = [a-z0-9][a-z0-9._-]*
 * wildcard = "*" | ability ":*"            "*" grants everything, "orders:*" everything below orders
 * </pre>
 */
public final class Abilities {

    /** The ability that grants every other. */
    public static final String ALL = "*";

    private static final Pattern ABILITY = Pattern.compile("[a-z0-9][a-z0-9._-]*(?::[a-z0-9][a-z0-9._-]*)*");
    private static final int MAX_LENGTH = 100;

    private Abilities() {
    }

    /** Whether {@code ability} is a concrete ability (no wildcard). */
    public static boolean isAbility(@Nullable String ability) {
        return ability != null && ability.length() <= MAX_LENGTH && ABILITY.matcher(ability).matches();
    }

    /** Whether {@code grant} is a concrete ability or a wildcard ({@code *}, {@code orders:*}). */
    public static boolean isGrant(@Nullable String grant) {
        if (grant == null) {
            return false;
        }
        if (grant.equals(ALL)) {
            return true;
        }
        if (grant.endsWith(":*")) {
            return isAbility(grant.substring(0, grant.length() - 2));
        }
        return isAbility(grant);
    }

    /** Whether holding {@code grant} (possibly a wildcard) gives {@code required}, without implications. */
    public static boolean grants(String grant, String required) {
        if (grant.equals(required) || grant.equals(ALL)) {
            return true;
        }
        int length = grant.length();
        // "orders:*" covers "orders:read" and "orders:refunds:write", not "orders" itself nor "ordersx:read"
        return length >= 2 && grant.charAt(length - 1) == '*' && grant.charAt(length - 2) == ':'
                && required.length() > length - 1 && required.regionMatches(0, grant, 0, length - 1);
    }
}
