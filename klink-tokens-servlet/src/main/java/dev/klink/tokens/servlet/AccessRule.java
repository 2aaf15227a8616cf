package dev.klink.tokens.servlet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One access rule: HTTP methods and a path pattern, and the {@link Access} a matching request needs. The filter
 * tries its rules in order; the first that matches decides.
 *
 * <p>Patterns are matched against the request's path inside the application (the container-decoded servlet path
 * plus path info, without the context path). They start with {@code /}; {@code *} matches any characters inside
 * one segment, a whole segment {@code **} matches zero or more segments: {@code /api/orders/**} matches
 * {@code /api/orders}, {@code /api/orders/7} and {@code /api/orders/7/lines}. One trailing slash of a request path
 * or a pattern is ignored: {@code /api/orders/} is matched as {@code /api/orders} (so {@code /api/orders/*} matches
 * neither), and {@code /api/**}{@code /} means {@code /api/**}.
 *
 * <p>So that no router can be tricked by letter case, rules that protect (authenticated, all, any) match paths and
 * methods regardless of case, while {@code permitAll} rules match only the exact case. A rule for {@code GET} also
 * matches {@code HEAD}, which servlets answer with {@code doGet}. No methods means every method.
 *
 * <pre>{@code
 * AccessRule.path("/health").permitAll();
 * AccessRule.path("/api/orders/**").methods("GET").all("orders:read");
 * AccessRule.parse("POST,PUT /api/orders/** any(orders:write, admin)");
 * }</pre>
 */
public final class AccessRule {

    private static final Pattern METHOD = Pattern.compile("[A-Za-z][A-Za-z_-]*");
    private static final Pattern LINE = Pattern.compile("(?:(\\*|[A-Za-z][A-Za-z_,-]*)\\s+)?(/\\S*)\\s+(\\S.*)");

    private final Set<String> methods;
    private final String pattern;
    private final Access access;
    /** {@link #methods} plus {@code HEAD} when it holds {@code GET}: what a request's method is looked up in. */
    private final Set<String> matchedMethods;
    private final boolean caseSensitive;
    private final Pattern regex;
    /**
     * The common shapes decided without the regex: the whole pattern when it has no wildcard, or what comes before a
     * final {@code /**}; null when only the regex can decide. ASCII only, so that ignoring case stays ASCII's.
     */
    private final @Nullable String literal;
    /** Whether {@link #literal} is followed by {@code /**}. */
    private final boolean literalThenAnything;

    private AccessRule(Set<String> methods, String pattern, Access access) {
        this.methods = methods;
        this.pattern = pattern;
        this.access = access;
        this.caseSensitive = access.isPermitAll();
        Set<String> matched = new LinkedHashSet<>(methods);
        if (matched.contains("GET")) {
            matched.add("HEAD");
        }
        this.matchedMethods = Set.copyOf(matched);
        // "/a/" and "/a/**/" mean "/a" and "/a/**": a trailing slash never decides (see matches)
        String canonical = pattern.length() > 1 && pattern.endsWith("/")
                ? pattern.substring(0, pattern.length() - 1) : pattern;
        // DOTALL: "**" must cover every character, line terminators (\n, U+0085, U+2028 …) included
        int flags = Pattern.DOTALL | (caseSensitive ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        this.regex = Pattern.compile(toRegex(canonical), flags);
        this.literalThenAnything = canonical.endsWith("/**");
        String head = literalThenAnything ? canonical.substring(0, canonical.length() - 3) : canonical;
        this.literal = head.indexOf('*') < 0 && isAscii(head) ? head : null;
    }

    /** Starts a rule for requests whose path matches {@code pattern}. */
    public static Builder path(String pattern) {
        return new Builder(requireValidPattern(pattern));
    }

    /**
     * Reads one rule: {@code [METHODS] PATTERN ACCESS}, e.g. {@code GET /api/orders/** all(orders:read)},
     * {@code GET,HEAD /reports/* any(reports:read admin)}, {@code /health permitAll}. Methods are comma-separated;
     * none or {@code *} means every method.
     *
     * @throws IllegalArgumentException naming the line when it does not parse
     */
    public static AccessRule parse(String line) {
        Matcher matcher = LINE.matcher(line.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("access rule must read '[METHODS] /pattern access', was '"
                    + line.strip() + "'");
        }
        Builder builder = path(matcher.group(2));
        String methods = matcher.group(1);
        if (methods != null && !methods.equals("*")) {
            builder.methods(methods.split(","));
        }
        try {
            return builder.access(Access.parse(matcher.group(3)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("in access rule '" + line.strip() + "': " + e.getMessage(), e);
        }
    }

    /**
     * Reads one rule per line as {@link #parse(String)}; blank lines and lines starting with {@code #} are skipped.
     */
    public static List<AccessRule> parseAll(String text) {
        List<AccessRule> rules = new ArrayList<>();
        for (String line : text.split("\\R")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                rules.add(parse(trimmed));
            }
        }
        return List.copyOf(rules);
    }

    /**
     * Whether a request with this method and path (inside the application, canonical: see
     * {@link KlinkTokenFilter}) matches the rule.
     */
    public boolean matches(String method, String path) {
        if (!methods.isEmpty()
                && !matchedMethods.contains(caseSensitive ? method : method.toUpperCase(Locale.ROOT))) {
            return false;
        }
        int length = path.length();
        // "/a/" is matched as "/a", so that no rule tells the two apart: otherwise "/a/*" or "/**/" would match the
        // one and not the other, and a slash would change the decision
        int end = length > 1 && path.charAt(length - 1) == '/' ? length - 1 : length;
        if (literal != null) {
            int decided = matchLiteral(path, end);
            if (decided >= 0) {
                return decided == 1;
            }
        }
        return matchesRegex(path, end);
    }

    /** What the regex says of {@code path} up to {@code end}: the general way, which the literal shapes agree with. */
    boolean matchesRegex(String path, int end) {
        return regex.matcher(path).region(0, end).matches();
    }

    /**
     * 1 or 0 when the literal shape decides, -1 when it cannot: a non-ASCII character where the literal is compared
     * may equal an ASCII letter when case is ignored (the Kelvin sign is a {@code k}), which the regex knows.
     */
    private int matchLiteral(String path, int end) {
        String head = Objects.requireNonNull(literal);
        int length = head.length();
        if (end < length || (!literalThenAnything && end != length)) {
            return 0;
        }
        for (int i = 0; i < length; i++) {
            char c = path.charAt(i);
            char expected = head.charAt(i);
            if (c == expected) {
                continue;
            }
            if (caseSensitive) {
                return 0;
            }
            if (c >= 0x80) {
                return -1;
            }
            if (lowerAscii(c) != lowerAscii(expected)) {
                return 0;
            }
        }
        // "/a/**" matches "/a" and everything below "/a/"
        return end == length || path.charAt(length) == '/' ? 1 : 0;
    }

    private static char lowerAscii(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** The methods (upper case), empty for every method. */
    public Set<String> methods() {
        return methods;
    }

    public String pattern() {
        return pattern;
    }

    public Access access() {
        return access;
    }

    /** The same text {@link #parse(String)} reads. */
    @Override
    public String toString() {
        return (methods.isEmpty() ? "" : String.join(",", methods) + " ") + pattern + " " + access;
    }

    private static String requireValidPattern(String pattern) {
        Objects.requireNonNull(pattern, "pattern");
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("path pattern must start with '/', was '" + pattern + "'");
        }
        String[] segments = pattern.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if (segment.isEmpty() && !last) {
                throw new IllegalArgumentException("path pattern must not contain '//', was '" + pattern + "'");
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("path pattern must not contain '.' or '..' segments, was '"
                        + pattern + "'");
            }
            if (segment.contains("**") && !segment.equals("**")) {
                throw new IllegalArgumentException("'**' must be a whole segment of the path pattern, was '"
                        + pattern + "'");
            }
            for (int j = 0; j < segment.length(); j++) {
                char c = segment.charAt(j);
                if (c <= 0x20 || c == 0x7f || c == '%' || c == ';' || c == '\\' || c == '?' || c == '#') {
                    throw new IllegalArgumentException("path pattern must be decoded and hold no whitespace, "
                            + "'%', ';', '\\\\', '?' or '#', was '" + pattern + "'");
                }
            }
        }
        return pattern;
    }

    private static String toRegex(String pattern) {
        if (pattern.equals("/")) {
            return "/";
        }
        String[] segments = pattern.substring(1).split("/", -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.equals("**")) {
                regex.append(i == segments.length - 1 ? "(?:/.*)?" : "(?:/[^/]+)*");
                continue;
            }
            regex.append('/');
            int start = 0;
            int star;
            while ((star = segment.indexOf('*', start)) >= 0) {
                if (star > start) {
                    regex.append(Pattern.quote(segment.substring(start, star)));
                }
                regex.append("[^/]*");
                start = star + 1;
            }
            if (start < segment.length()) {
                regex.append(Pattern.quote(segment.substring(start)));
            }
        }
        return regex.length() == 0 ? "/" : regex.toString();
    }

    /** Collects the methods of a rule; a terminal method ({@link #permitAll()}, {@link #all} …) makes the rule. */
    public static final class Builder {

        private final String pattern;
        private final Set<String> methods = new LinkedHashSet<>();

        private Builder(String pattern) {
            this.pattern = pattern;
        }

        /** Restricts the rule to these HTTP methods (every method by default). */
        public Builder methods(String... methods) {
            for (String method : methods) {
                String trimmed = method.strip();
                if (!METHOD.matcher(trimmed).matches()) {
                    throw new IllegalArgumentException("HTTP method must be a token like GET, was '" + method + "'");
                }
                this.methods.add(trimmed.toUpperCase(Locale.ROOT));
            }
            return this;
        }

        public AccessRule permitAll() {
            return access(Access.permitAll());
        }

        public AccessRule authenticated() {
            return access(Access.authenticated());
        }

        public AccessRule all(String... abilities) {
            return access(Access.all(abilities));
        }

        public AccessRule any(String... abilities) {
            return access(Access.any(abilities));
        }

        public AccessRule access(Access access) {
            return new AccessRule(Collections.unmodifiableSet(new LinkedHashSet<>(methods)), pattern,
                    Objects.requireNonNull(access, "access"));
        }
    }
}
