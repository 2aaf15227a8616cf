package dev.klink.tokens.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klink.tokens.AbilityCheck;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccessRuleTest {

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource({
            "/api/orders/**, /api/orders, true",
            "/api/orders/**, /api/orders/, true",
            "/api/orders/**, /api/orders/7, true",
            "/api/orders/**, /api/orders/7/lines, true",
            "/api/orders/**, /api/ordersx, false",
            "/api/orders/**, /api, false",
            "/api/orders/*, /api/orders/7, true",
            "/api/orders/*, /api/orders/, false",
            "/api/orders/*, /api/orders, false",
            "/api/orders/*, /api/orders/7/, true",
            "/**/, /x, true",
            "/**/, /x/, true",
            "/a/**/, /a, true",
            "/a/**/, /a/, true",
            "/a/**/, /a/b, true",
            "/api/orders/*, /api/orders/7/lines, false",
            "/api/*/lines, /api/7/lines, true",
            "/api/*/lines, /api/7/8/lines, false",
            "/api/**/lines, /api/lines, true",
            "/api/**/lines, /api/7/8/lines, true",
            "/api/**/lines, /api/7/8/linesx, false",
            "/files/*.txt, /files/a.txt, true",
            "/files/*.txt, /files/a.txtx, false",
            "/health, /health, true",
            "/health, /health/, true",
            "/health, /healthz, false",
            "/health/, /health, true",
            "/**, /, true",
            "/**, /anything/at/all, true",
            "/, /, true",
            "/, /x, false",
            "/a.b, /axb, false"})
    void matchesWhenPatternThenSegmentsAndWildcards(String pattern, String path, boolean matches) {
        assertThat(AccessRule.path(pattern).authenticated().matches("GET", path)).isEqualTo(matches);
    }

    @Test
    void matchesWhenProtectingRuleThenLetterCaseIgnored() {
        AccessRule rule = AccessRule.path("/api/admin/**").methods("DELETE").all("admin");

        assertThat(rule.matches("DELETE", "/API/Admin/x")).isTrue();
        assertThat(rule.matches("delete", "/api/admin/x")).isTrue();
    }

    @Test
    void matchesWhenPermitAllRuleThenOnlyExactCase() {
        AccessRule rule = AccessRule.path("/public/**").methods("GET").permitAll();

        assertThat(rule.matches("GET", "/public/x")).isTrue();
        assertThat(rule.matches("GET", "/PUBLIC/x")).isFalse();
        assertThat(rule.matches("get", "/public/x")).isFalse();
    }

    @Test
    void matchesWhenGetRuleThenHeadToo() {
        AccessRule rule = AccessRule.path("/api/**").methods("GET").all("orders:read");

        assertThat(rule.matches("HEAD", "/api/x")).isTrue();
        assertThat(rule.matches("POST", "/api/x")).isFalse();
    }

    @Test
    void matchesWhenNoMethodsThenEveryMethod() {
        AccessRule rule = AccessRule.path("/api/**").authenticated();

        assertThat(rule.matches("PATCH", "/api/x")).isTrue();
        assertThat(rule.methods()).isEmpty();
    }

    @Test
    void parseWhenFullLineThenMethodsPatternAndAccess() {
        AccessRule rule = AccessRule.parse("  POST,PUT /api/orders/** any(orders:write, admin)  ");

        assertThat(rule.methods()).containsExactly("POST", "PUT");
        assertThat(rule.pattern()).isEqualTo("/api/orders/**");
        assertThat(rule.access()).isEqualTo(Access.any("orders:write", "admin"));
        assertThat(rule.access().check()).isEqualTo(AbilityCheck.any("orders:write", "admin"));
        assertThat(rule).hasToString("POST,PUT /api/orders/** any(orders:write, admin)");
    }

    @Test
    void parseWhenNoMethodsOrStarThenEveryMethod() {
        assertThat(AccessRule.parse("/health permitAll").methods()).isEmpty();
        assertThat(AccessRule.parse("* /health permitAll").methods()).isEmpty();
        assertThat(AccessRule.parse("/health permitAll").access().isPermitAll()).isTrue();
        assertThat(AccessRule.parse("GET /me authenticated").access()).isEqualTo(Access.authenticated());
        assertThat(AccessRule.parse("GET /x all(a b,c)").access()).isEqualTo(Access.all("a", "b", "c"));
    }

    @Test
    void parseAllWhenCommentsAndBlankLinesThenSkipped() {
        List<AccessRule> rules = AccessRule.parseAll("""
                # health checks
                /health permitAll

                GET /api/** all(orders:read)
                """);

        assertThat(rules).extracting(AccessRule::toString)
                .containsExactly("/health permitAll", "GET /api/** all(orders:read)");
    }

    @Test
    void parseWhenAccessUnknownThenErrorNamesTheLine() {
        assertThatThrownBy(() -> AccessRule.parse("GET /api/** everyone"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("in access rule 'GET /api/** everyone': access must be permitAll, authenticated, "
                        + "all(abilities...) or any(abilities...), was 'everyone'");
    }

    @Test
    void parseWhenNoPatternThenErrorNamesTheLine() {
        assertThatThrownBy(() -> AccessRule.parse("GET permitAll"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("access rule must read '[METHODS] /pattern access', was 'GET permitAll'");
    }

    @Test
    void pathWhenMalformedThenErrorNamesIt() {
        assertThatThrownBy(() -> AccessRule.path("api/**")).hasMessage(
                "path pattern must start with '/', was 'api/**'");
        assertThatThrownBy(() -> AccessRule.path("/api//x")).hasMessage(
                "path pattern must not contain '//', was '/api//x'");
        assertThatThrownBy(() -> AccessRule.path("/api/../x")).hasMessage(
                "path pattern must not contain '.' or '..' segments, was '/api/../x'");
        assertThatThrownBy(() -> AccessRule.path("/api/a**")).hasMessage(
                "'**' must be a whole segment of the path pattern, was '/api/a**'");
        assertThatThrownBy(() -> AccessRule.path("/api/%2e")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AccessRule.path("/x").methods("GE T")).hasMessage(
                "HTTP method must be a token like GET, was 'GE T'");
        assertThatThrownBy(() -> AccessRule.path("/x").all("Orders")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "U+{0}")
    @CsvSource({"000A", "000D", "0085", "2028", "2029"})
    void matchesWhenPathHoldsLineTerminatorThenDoubleStarStillCoversIt(String codePoint) {
        AccessRule rule = AccessRule.parse("DELETE /api/orders/** all(orders:write)");
        String terminator = Character.toString(Integer.parseInt(codePoint, 16));

        assertThat(rule.matches("DELETE", "/api/orders/7" + terminator)).isTrue();
        assertThat(rule.matches("DELETE", "/api/orders/" + terminator + "/lines")).isTrue();
    }

    /**
     * A pattern without wildcards, or one ending in {@code /**}, is decided without its regex: on random patterns and
     * paths (letters of both cases, the Kelvin sign and long s that equal {@code k} and {@code s} when case is
     * ignored, line terminators, doubled and trailing slashes) the answer is always the regex's.
     */
    @Test
    void matchesWhenPatternLiteralOrLiteralThenDoubleStarThenSameAnswerAsItsRegex() {
        Random random = new Random(2026);
        String[] patternSegments = {"a", "A", "k", "s", "ab", "Ks", "-", "\u00e9", "**", "*", "a*"};
        String[] pathSegments = {"a", "A", "k", "K", "s", "S", "\u212a", "\u017f", "ab", "aB", "Ks", "KS", "-",
            "\u00e9", "\u00c9", "a\nb", "\u2028", ""};
        int literalShapes = 0;
        for (int i = 0; i < 50_000; i++) {
            StringBuilder pattern = new StringBuilder();
            for (int n = random.nextInt(4); n >= 0; n--) {
                pattern.append('/').append(patternSegments[random.nextInt(patternSegments.length)]);
            }
            if (random.nextInt(4) == 0) {
                pattern.append('/');
            }
            AccessRule rule;
            try {
                AccessRule.Builder builder = AccessRule.path(pattern.toString());
                rule = random.nextBoolean() ? builder.permitAll() : builder.authenticated();
            } catch (IllegalArgumentException e) {
                continue; // "//" and the like are refused when the rule is made
            }
            String canonical = pattern.length() > 1 && pattern.charAt(pattern.length() - 1) == '/'
                    ? pattern.substring(0, pattern.length() - 1) : pattern.toString();
            String head = canonical.endsWith("/**") ? canonical.substring(0, canonical.length() - 3) : canonical;
            if (head.indexOf('*') < 0) {
                literalShapes++;
            }
            StringBuilder path = new StringBuilder();
            for (int n = random.nextInt(5); n >= 0; n--) {
                path.append('/').append(pathSegments[random.nextInt(pathSegments.length)]);
            }
            if (random.nextInt(4) == 0) {
                path.append('/');
            }
            String candidate = path.toString();
            int end = candidate.length() > 1 && candidate.endsWith("/") ? candidate.length() - 1 : candidate.length();

            assertThat(rule.matches("GET", candidate)).as("%s against %s", rule, candidate)
                    .isEqualTo(rule.matchesRegex(candidate, end));
        }
        assertThat(literalShapes).as("patterns of the literal shapes drawn").isGreaterThan(10_000);
    }
}
