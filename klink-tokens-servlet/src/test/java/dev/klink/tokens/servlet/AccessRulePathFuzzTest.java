package dev.klink.tokens.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Jazzer fuzz test of the path checks ({@link RequestPaths}) and the rule matcher ({@link AccessRule}) together,
 * as the filter uses them (invariants and long runs: {@code docs/security/fuzzing.md}). {@code mvn test} replays the
 * inputs under {@code src/test/resources/dev/klink/tokens/servlet/AccessRulePathFuzzTestInputs/<method>/}.
 *
 * <p>Each run generates access rules and a decoded path, derives a raw request URI that some router could read as
 * that same path (percent-encoding with either case of hex digits, dot segments, {@code ;} parameters, doubled
 * slashes, control characters, a trailing slash), and hands it to the path check as several containers would decode
 * it. Whatever the container, the request is refused as {@code invalid_path} or gets the access the path itself
 * gets.
 */
class AccessRulePathFuzzTest {

    private static final String PATH_CHARS = "aAbBzZ09-._~!$&'()*+,=:@ \u00e9\u017f%;";
    private static final String PATTERN_CHARS = "aAbB.*";
    private static final String UNRESERVED = "-._~!$&'()*+,=:@";
    private static final String[] PARAMETERS = {";", ";x", ";jsessionid=1", ";..", ";%2e", ";a=b,c"};
    private static final String[] DOT_SEGMENTS = {"/.", "/..", "/%2e", "/%2E%2e", "/.%2e", "/x/..", "/x/%2e%2E",
            "/x/..;", "/", "/%2f", "/%2F", "\\", "/%5c"};
    private static final String[] CONTROLS = {"\t", "\n", "%09", "%0a", "%0D", "%00", "%7f", "%7F", "%c2%85",
            "%C2%85", "%e2%80%a8", "%E2%80%A9", "%1b", "\u0085", "\u2028"};
    private static final List<UnaryOperator<String>> CONTAINERS = List.of(
            AccessRulePathFuzzTest::decodeNormalized,
            raw -> normalize(decode(raw)),
            AccessRulePathFuzzTest::decode,
            raw -> decode(stripParameters(raw)));

    /**
     * Any rules, any path, any equivalent spelling of it, any of four container decodings: the path check refuses
     * the spelling, or the filter's first matching rule gives it the access the path gets; a spelling that differs
     * only in letter case meets every protecting rule the path meets.
     */
    @FuzzTest
    void equivalentSpellingIsRefusedOrGetsTheSameAccess(FuzzedDataProvider data) {
        List<AccessRule> rules = new ArrayList<>();
        for (int i = data.consumeInt(1, 4); i > 0; i--) {
            AccessRule rule = rule(data);
            if (rule != null) {
                rules.add(rule);
            }
        }
        List<String> segments = new ArrayList<>();
        for (int i = data.consumeInt(0, 4); i > 0; i--) {
            String segment = chars(data, PATH_CHARS, 1, 4);
            segments.add(segment.equals(".") || segment.equals("..") ? "x" : segment);
        }
        String path = "/" + String.join("/", segments);
        Access access = accessFor(rules, path);

        String uri = "/ctx" + spell(data, segments);
        boolean pathInfo = data.consumeBoolean();
        for (UnaryOperator<String> container : CONTAINERS) {
            String decoded = container.apply(uri.substring("/ctx".length()));
            Map<String, Object> answers = new HashMap<>();
            answers.put("getRequestURI", uri);
            answers.put("getServletPath", pathInfo ? "" : decoded);
            answers.put("getPathInfo", pathInfo ? decoded : null);
            String seen = RequestPaths.pathWithinApplication(FakeRequests.request(answers, List.of()));
            if (seen != null) {
                assertThat(RequestPaths.isCanonical(seen)).isTrue();
                assertThat(accessFor(rules, seen)).as("%s (decoded %s) under %s, path %s", uri, seen, rules, path)
                        .isEqualTo(access);
            }
        }

        String otherCase = flipCase(data, path);
        for (AccessRule rule : rules) {
            if (!rule.access().isPermitAll()) {
                assertThat(rule.matches("GET", otherCase)).as("%s against %s and %s", rule, path, otherCase)
                        .isEqualTo(rule.matches("GET", path));
            }
        }
    }

    /** The access the filter gives a canonical path: the first matching rule's, else its default (a valid token). */
    private static Access accessFor(List<AccessRule> rules, String path) {
        for (AccessRule rule : rules) {
            if (rule.matches("GET", path)) {
                return rule.access();
            }
        }
        return Access.authenticated();
    }

    /** A rule, or null when {@link AccessRule#path(String)} refused the pattern (only with its documented exception). */
    private static @Nullable AccessRule rule(FuzzedDataProvider data) {
        StringBuilder pattern = new StringBuilder();
        for (int i = data.consumeInt(0, 3); i > 0; i--) {
            pattern.append('/').append(data.consumeInt(0, 4) == 0 ? "**" : chars(data, PATTERN_CHARS, 1, 3));
        }
        if (pattern.length() == 0 || data.consumeInt(0, 4) == 0) {
            pattern.append('/');
        }
        AccessRule.Builder builder;
        try {
            builder = AccessRule.path(pattern.toString());
        } catch (IllegalArgumentException refused) {
            return null;
        }
        return switch (data.consumeInt(0, 2)) {
            case 0 -> builder.permitAll();
            case 1 -> builder.authenticated();
            default -> builder.all("admin");
        };
    }

    /** A raw URI path some router reads as {@code "/" + String.join("/", segments)}. */
    private static String spell(FuzzedDataProvider data, List<String> segments) {
        StringBuilder uri = new StringBuilder();
        for (String segment : segments) {
            if (data.consumeInt(0, 5) == 0) {
                uri.append(DOT_SEGMENTS[data.consumeInt(0, DOT_SEGMENTS.length - 1)]);
            }
            uri.append('/');
            for (int i = 0; i < segment.length(); i++) {
                char c = segment.charAt(i);
                int choice = data.consumeInt(0, 9);
                if (choice == 0) {
                    uri.append(CONTROLS[data.consumeInt(0, CONTROLS.length - 1)]);
                }
                boolean plain = c < 0x80 && (Character.isLetterOrDigit(c) || UNRESERVED.indexOf(c) >= 0);
                // a raw ';' or '%' would be a delimiter or an escape, not the character: those are always encoded
                if ((plain && choice > 2) || (choice == 1 && c != ';' && c != '%')) {
                    uri.append(c);
                } else {
                    for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
                        uri.append('%').append(hex(data, (b >> 4) & 0xf)).append(hex(data, b & 0xf));
                    }
                }
            }
            if (data.consumeInt(0, 5) == 0) {
                uri.append(PARAMETERS[data.consumeInt(0, PARAMETERS.length - 1)]);
            }
        }
        if (segments.isEmpty() || data.consumeInt(0, 5) == 0) {
            uri.append('/');
        }
        return uri.toString();
    }

    private static char hex(FuzzedDataProvider data, int digit) {
        char c = Character.forDigit(digit, 16);
        return data.consumeBoolean() ? Character.toUpperCase(c) : c;
    }

    private static String flipCase(FuzzedDataProvider data, String path) {
        StringBuilder flipped = new StringBuilder(path.length());
        for (char c : path.toCharArray()) {
            flipped.append(data.consumeBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
        }
        return flipped.toString();
    }

    private static String chars(FuzzedDataProvider data, String alphabet, int min, int max) {
        StringBuilder out = new StringBuilder();
        for (int i = data.consumeInt(min, max); i > 0; i--) {
            out.append(alphabet.charAt(data.consumeInt(0, alphabet.length() - 1)));
        }
        return out.toString();
    }

    /** Like Jetty and Tomcat: path parameters dropped per segment, then decoded, then dot segments resolved. */
    private static String decodeNormalized(String raw) {
        return normalize(decode(stripParameters(raw)));
    }

    private static String stripParameters(String raw) {
        StringBuilder out = new StringBuilder();
        for (String segment : raw.split("/", -1)) {
            if (out.length() > 0 || !segment.isEmpty()) {
                out.append('/');
            }
            int semicolon = segment.indexOf(';');
            out.append(semicolon < 0 ? segment : segment.substring(0, semicolon));
        }
        return raw.startsWith("/") && out.length() == 0 ? "/" : out.toString();
    }

    /** Percent-decodes as UTF-8; a {@code %} not followed by two hex digits stays. */
    private static String decode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length() && Character.digit(raw.charAt(i + 1), 16) >= 0
                    && Character.digit(raw.charAt(i + 2), 16) >= 0) {
                bytes.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** RFC 3986 section 5.2.4, segment by segment: {@code .} dropped, {@code ..} removes the one before. */
    private static String normalize(String path) {
        Deque<String> kept = new ArrayDeque<>();
        String[] segments = path.split("/", -1);
        for (int i = 1; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if (segment.equals("..")) {
                kept.pollLast();
                if (last) {
                    kept.add("");
                }
            } else if (segment.equals(".")) {
                if (last) {
                    kept.add("");
                }
            } else {
                kept.add(segment);
            }
        }
        return "/" + String.join("/", kept);
    }
}
