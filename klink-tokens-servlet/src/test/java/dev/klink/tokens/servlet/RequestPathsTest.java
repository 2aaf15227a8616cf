package dev.klink.tokens.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the filter accepts as a path when a container hands it paths Jetty would have refused: a container that
 * decodes without normalizing must not open a bypass.
 */
class RequestPathsTest {

    @ParameterizedTest(name = "{0} -> {1}{2}")
    @CsvSource(nullValues = "null", value = {
            "/ctx/api/orders, /api, /orders, /api/orders",
            "/ctx/api/orders;jsessionid=1, /api, /orders, /api/orders",
            "/ctx/, '', null, /",
            "/ctx/api/x%20y, /api, /x y, /api/x y"})
    void pathWhenCanonicalThenServletPathPlusPathInfo(String uri, String servletPath, @Nullable String pathInfo,
            String expected) {
        assertThat(RequestPaths.pathWithinApplication(request(uri, servletPath, pathInfo))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} with decoded {1}{2}")
    @CsvSource(nullValues = "null", value = {
            "/ctx/public/../api, /public/../api, null",
            "/ctx/public/%2e%2e/api, /public/../api, null",
            "/ctx/api%2Fadmin, /api/admin, null",
            "/ctx/api/admin, /api//admin, null",
            "/ctx/api/admin, /api/./admin, null",
            "/ctx/api/admin, /api/admin/.., null",
            "/ctx/api/admin, /api/admin/., null",
            "/ctx/api/admin, /api;x/admin, null",
            "/ctx/api/admin, /api\\admin, null",
            "/ctx/api/admin, /api/a%2e, null",
            "/ctx/api/%252e, /api/%2e, null",
            "/ctx/api/a\\b, /api/a\\b, null",
            "/ctx/api/..;/x, /x, null",
            "/ctx//api, /api, null",
            "/ctx/api/x%00, /api/x, null",
            "/ctx/api/x%3B, /api/x;, null",
            "/ctx/api/\u00e9, /api/\u00e9, null",
            "/ctx/api, api, null"})
    void pathWhenAmbiguousThenNull(String uri, String servletPath, @Nullable String pathInfo) {
        assertThat(RequestPaths.pathWithinApplication(request(uri, servletPath, pathInfo))).isNull();
    }

    @Test
    void pathWhenContainerThrowsOnSuspiciousPathThenNull() {
        Map<String, Object> answers = new HashMap<>();
        answers.put("getRequestURI", "/ctx/a%2fb");
        answers.put("getServletPath", new IllegalArgumentException("Ambiguous URI encoding"));

        assertThat(RequestPaths.pathWithinApplication(FakeRequests.request(answers, List.of()))).isNull();
    }

    private static jakarta.servlet.http.HttpServletRequest request(String uri, String servletPath,
            @Nullable String pathInfo) {
        Map<String, Object> answers = new HashMap<>();
        answers.put("getRequestURI", uri);
        answers.put("getServletPath", servletPath);
        answers.put("getPathInfo", pathInfo);
        return FakeRequests.request(answers, List.of());
    }
}
