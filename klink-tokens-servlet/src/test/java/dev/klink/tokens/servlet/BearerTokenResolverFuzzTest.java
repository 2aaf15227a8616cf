package dev.klink.tokens.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Jazzer fuzz test of {@link DefaultBearerTokenResolver} (invariants and long runs: {@code docs/security/fuzzing.md}).
 * {@code mvn test} replays the inputs under
 * {@code src/test/resources/dev/klink/tokens/servlet/BearerTokenResolverFuzzTestInputs/<method>/}.
 *
 * <p>The expected result is computed from the rules in the resolver's javadoc and RFC 6750, written here again
 * without the resolver's code: regular expressions and {@link URLDecoder} instead of index arithmetic.
 */
class BearerTokenResolverFuzzTest {

    /** RFC 6750 section 2.1: {@code b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="}. */
    private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9._~+/-]+=*");
    /** The scheme {@code Bearer} in ASCII case, alone or followed by blanks. */
    private static final Pattern BEARER = Pattern.compile("(?i)bearer(?:[ \t].*)?", Pattern.DOTALL);
    private static final Pattern BEARER_TOKEN = Pattern.compile("(?i)bearer (.*)", Pattern.DOTALL);
    private static final String[] CONTENT_TYPES = {"application/x-www-form-urlencoded",
            "Application/X-WWW-Form-Urlencoded; charset=UTF-8", "text/plain", "multipart/form-data"};
    private static final String[] SCHEMES = {"Bearer ", "bearer ", "BEARER  ", "Bearer\t", " Bearer ", "Basic ",
            "Bearerx ", ""};

    /**
     * Any headers, query, method, content type and body parameters, with either resolver: never an exception, only
     * a token, none, or one of the three errors the resolver documents, always the one the rules give; a token is
     * always an RFC 6750 {@code b64token}; a token in the query is never missed.
     */
    @FuzzTest
    void resolveGivesOnlyTheDocumentedResults(FuzzedDataProvider data) {
        List<String> headers = new ArrayList<>();
        for (int i = data.consumeInt(0, 3); i > 0; i--) {
            headers.add(SCHEMES[data.consumeInt(0, SCHEMES.length - 1)] + data.consumeString(80));
        }
        Map<String, Object> answers = new HashMap<>();
        String query = data.consumeBoolean() ? data.consumeString(60) : null;
        answers.put("getQueryString", query);
        answers.put("getMethod", data.consumeBoolean() ? "POST" : "GET");
        answers.put("getContentType", data.consumeBoolean() ? null
                : CONTENT_TYPES[data.consumeInt(0, CONTENT_TYPES.length - 1)]);
        String[] values = null;
        if (data.consumeBoolean()) {
            values = new String[data.consumeInt(0, 2)];
            for (int i = 0; i < values.length; i++) {
                values[i] = data.consumeString(60);
            }
        }
        answers.put("getParameterValues", values);
        boolean allowForm = data.consumeBoolean();
        DefaultBearerTokenResolver resolver = DefaultBearerTokenResolver.builder().allowFormBodyParameter(allowForm)
                .build();

        BearerResolution resolution = resolver.resolve(FakeRequests.request(answers, headers));

        switch (resolution.kind()) {
            case TOKEN -> {
                assertThat(resolution.token()).matches(B64TOKEN);
                assertThat(resolution.error()).isNull();
            }
            case ERROR -> assertThat(resolution.error()).isIn(BearerError.MULTIPLE_CREDENTIALS,
                    BearerError.TOKEN_IN_QUERY, BearerError.MALFORMED_TOKEN);
            case NONE -> assertThat(resolution.token()).isNull();
        }
        @Nullable Boolean inQuery = namesAccessToken(query);
        if (inQuery == null) {
            // a name URLDecoder refuses and none that decodes to access_token: nothing exact to expect
            return;
        }
        BearerResolution expected = expected(headers, inQuery, (String) answers.get("getMethod"),
                (String) answers.get("getContentType"), values, allowForm);
        String request = "headers " + headers + ", query " + query + ", " + answers.get("getMethod") + " "
                + answers.get("getContentType") + ", body values " + (values == null ? null : List.of(values))
                + ", form parameter allowed " + allowForm;
        assertThat(resolution.kind()).as(request).isEqualTo(expected.kind());
        assertThat(resolution.token()).as(request).isEqualTo(expected.token());
        assertThat(resolution.error()).as(request).isEqualTo(expected.error());
    }

    private static BearerResolution expected(List<String> headers, boolean inQuery, String method,
            @Nullable String contentType, String @Nullable [] values, boolean allowForm) {
        if (headers.size() > 1 || (inQuery && headers.size() == 1)) {
            return BearerResolution.error(BearerError.MULTIPLE_CREDENTIALS);
        }
        if (inQuery) {
            return BearerResolution.error(BearerError.TOKEN_IN_QUERY);
        }
        BearerResolution fromHeader = headers.isEmpty() ? BearerResolution.none() : fromHeader(headers.get(0));
        boolean formPost = method.equals("POST") && contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
        if ((fromHeader.kind() != BearerResolution.Kind.NONE || allowForm) && formPost && values != null
                && values.length > 0) {
            if (!headers.isEmpty() || values.length > 1) {
                return BearerResolution.error(BearerError.MULTIPLE_CREDENTIALS);
            }
            return B64TOKEN.matcher(values[0]).matches() ? BearerResolution.token(values[0])
                    : BearerResolution.error(BearerError.MALFORMED_TOKEN);
        }
        return fromHeader;
    }

    private static BearerResolution fromHeader(String header) {
        String value = header.replaceAll("\\A[ \t]+|[ \t]+\\z", "");
        if (!BEARER.matcher(value).matches()) {
            return BearerResolution.none();
        }
        var token = BEARER_TOKEN.matcher(value);
        return token.matches() && B64TOKEN.matcher(token.group(1)).matches() ? BearerResolution.token(token.group(1))
                : BearerResolution.error(BearerError.MALFORMED_TOKEN);
    }

    /**
     * Whether a parameter of the query is named {@code access_token}; null when none is but a name does not
     * URL-decode.
     */
    private static @Nullable Boolean namesAccessToken(@Nullable String query) {
        if (query == null) {
            return false;
        }
        boolean undecodable = false;
        for (String parameter : query.split("&", -1)) {
            try {
                if (URLDecoder.decode(parameter.split("=", 2)[0], StandardCharsets.UTF_8).equals("access_token")) {
                    return true;
                }
            } catch (IllegalArgumentException e) {
                undecodable = true;
            }
        }
        return undecodable ? null : false;
    }
}
