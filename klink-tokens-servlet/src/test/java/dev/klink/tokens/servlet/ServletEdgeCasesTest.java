package dev.klink.tokens.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klink.tokens.InMemoryTokenStore;
import dev.klink.tokens.TokenService;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Edges of the servlet pieces that the HTTP tests do not reach: exact calls, encodings, odd queries and URIs. */
class ServletEdgeCasesTest {

    private static HttpServletRequest path(String uri, String servletPath, @Nullable String pathInfo) {
        Map<String, Object> answers = new HashMap<>();
        answers.put("getRequestURI", uri);
        answers.put("getServletPath", servletPath);
        answers.put("getPathInfo", pathInfo);
        return FakeRequests.request(answers, List.of());
    }

    private static HttpServletRequest form(String method, String contentType, String @Nullable [] values) {
        Map<String, Object> answers = new HashMap<>();
        answers.put("getMethod", method);
        answers.put("getContentType", contentType);
        answers.put("getParameterValues", values);
        return FakeRequests.request(answers, List.of());
    }

    /** A response that records the name of every call made on it. */
    private static HttpServletResponse recording(List<String> calls, boolean committed, ByteArrayOutputStream body) {
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void write(int b) {
                body.write(b);
            }
        };
        return (HttpServletResponse) Proxy.newProxyInstance(HttpServletResponse.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                    calls.add(method.getName() + (args == null || args.length == 0 ? "" : " " + args[0]));
                    return switch (method.getName()) {
                        case "isCommitted" -> committed;
                        case "getOutputStream" -> out;
                        default -> null;
                    };
                });
    }

    @Test
    void writeWhenNotCommittedThenResetsSetsEverythingAndFlushes() throws Exception {
        List<String> calls = new ArrayList<>();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        BearerErrorResponder responder = BearerErrorResponder.create();

        boolean written = responder.write(recording(calls, false, body), BearerError.STORE_UNAVAILABLE, List.of());

        assertThat(written).isTrue();
        assertThat(calls).containsExactly("isCommitted", "reset", "setStatus 503", "setHeader Retry-After",
                "setHeader Cache-Control", "setContentType application/problem+json",
                "setContentLength " + body.size(), "getOutputStream", "flushBuffer");
        assertThat(body.toByteArray()).isEqualTo(responder.body(BearerError.STORE_UNAVAILABLE));
    }

    @Test
    void writeWhenCommittedThenTouchesNothingAndReturnsFalse() throws Exception {
        List<String> calls = new ArrayList<>();

        boolean written = BearerErrorResponder.create().write(recording(calls, true, new ByteArrayOutputStream()),
                BearerError.INVALID_TOKEN, List.of());

        assertThat(written).isFalse();
        assertThat(calls).containsExactly("isCommitted");
    }

    @Test
    void hasChallengeWhenNot401Or403ThenFalse() {
        assertThat(BearerError.INVALID_PATH.hasChallenge()).isFalse();
        assertThat(BearerError.STORE_UNAVAILABLE.hasChallenge()).isFalse();
        assertThat(BearerError.INVALID_TOKEN.hasChallenge()).isTrue();
    }

    @Test
    void hasAmbiguousPathWhenDotSegmentThenTrueAndCanonicalFalse() {
        assertThat(BearerAuthenticator.hasAmbiguousPath(path("/a/../b", "/a/../b", null))).isTrue();
        assertThat(BearerAuthenticator.hasAmbiguousPath(path("/a/b", "/a/b", null))).isFalse();
    }

    @Test
    void authenticatorWhenPrintedThenNamesItsResolvers() {
        TenantResolver tenants = TenantResolver.anyTenant();
        try (TokenService tokens = TokenService.builder(new InMemoryTokenStore()).backgroundUsageFlush(false)
                .build()) {
            assertThat(BearerAuthenticator.create(tokens, DefaultBearerTokenResolver.create(), tenants))
                    .hasToString("BearerAuthenticator[bearerTokenResolver=DefaultBearerTokenResolver["
                            + "allowFormBodyParameter=false], tenantResolver=" + tenants + "]");
        }
    }

    @Test
    void queryWhenItStartsWithAnAmpersandThenTheNextNameIsStillFound() {
        assertThat(DefaultBearerTokenResolver.queryHasParameter("&access_token=x", "access_token")).isTrue();
        assertThat(DefaultBearerTokenResolver.queryHasParameter("access_tokeX=x", "access_token")).isFalse();
        assertThat(DefaultBearerTokenResolver.queryHasParameter("access_toke=x", "access_token")).isFalse();
    }

    @Test
    void b64TokenWhenEmptyOrNullThenFalse() {
        assertThat(DefaultBearerTokenResolver.isB64Token("")).isFalse();
        assertThat(DefaultBearerTokenResolver.isB64Token(null)).isFalse();
    }

    @Test
    void formParameterWhenNotAFormPostThenNeverRead() {
        DefaultBearerTokenResolver resolver = DefaultBearerTokenResolver.builder().allowFormBodyParameter(true)
                .build();

        assertThat(resolver.resolve(form("GET", "application/x-www-form-urlencoded", new String[] {"abc"})).kind())
                .isEqualTo(BearerResolution.Kind.NONE);
        assertThat(resolver.resolve(form("POST", "text/plain", new String[] {"abc"})).kind())
                .isEqualTo(BearerResolution.Kind.NONE);
        assertThat(resolver.resolve(form("POST", "application/x-www-form-urlencoded", new String[] {"abc"}))
                .token()).isEqualTo("abc");
    }

    @Test
    void formParameterWhenPresentWithoutValuesThenNoCredentials() {
        DefaultBearerTokenResolver resolver = DefaultBearerTokenResolver.builder().allowFormBodyParameter(true)
                .build();

        assertThat(resolver.resolve(form("POST", "application/x-www-form-urlencoded", new String[0])))
                .isSameAs(BearerResolution.none());
    }

    @Test
    void uriWhenItEncodesAPathCharacterInEitherCaseThenRefused() {
        for (String encoded : List.of("%2f", "%2F", "%2e", "%2E", "%25", "%5c", "%5C", "%3b", "%3B", "%00")) {
            assertThat(RequestPaths.pathWithinApplication(path("/a" + encoded + "b", "/ab", null))).as(encoded)
                    .isNull();
        }
        for (String harmless : List.of("%20", "%41", "%2a", "%3a", "%5d", "%01", "%4f", "%3f", "%0a")) {
            assertThat(RequestPaths.pathWithinApplication(path("/a" + harmless + "b", "/ab", null))).as(harmless)
                    .isEqualTo("/ab");
        }
    }

    @Test
    void uriWhenPrintableAsciiAtTheEdgesThenAcceptedAndTruncatedEncodingRefusedWithoutError() {
        assertThat(RequestPaths.pathWithinApplication(path("/a!~", "/a!~", null))).isEqualTo("/a!~");
        assertThat(RequestPaths.pathWithinApplication(path("/a\u007f", "/a", null))).isNull();
        assertThat(RequestPaths.pathWithinApplication(path("/a b", "/a b", null))).isNull();
        assertThat(RequestPaths.pathWithinApplication(path("/a%2", "/a%2", null))).isNull();
        assertThat(RequestPaths.pathWithinApplication(path("/a%", "/a%", null))).isNull();
    }

    @Test
    void uriWhenWithoutAnySlashThenTheServletPathDecides() {
        assertThat(RequestPaths.pathWithinApplication(path("*", "", null))).isEqualTo("/");
    }

    @Test
    void patternWhenLiteralBeforeAStarThenTheLiteralMustMatch() {
        AccessRule rule = AccessRule.path("/files/ab*").authenticated();

        assertThat(rule.matches("GET", "/files/abc")).isTrue();
        assertThat(rule.matches("GET", "/files/xbc")).isFalse();
    }

    @Test
    void patternWhenItHoldsASpaceOrDelThenRefused() {
        assertThatThrownBy(() -> AccessRule.path("/a b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AccessRule.path("/a\u007f")).isInstanceOf(IllegalArgumentException.class);
        assertThat(AccessRule.path("/a!").permitAll().pattern()).isEqualTo("/a!");
    }
}
