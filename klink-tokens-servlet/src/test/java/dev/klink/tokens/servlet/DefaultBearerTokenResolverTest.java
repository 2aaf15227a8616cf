package dev.klink.tokens.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DefaultBearerTokenResolverTest {

    private static final String TOKEN = "klink_pat_0000000000000000_000000000000000000000000000000001LyiOM";

    @Test
    void fromHeaderWhenBearerAndTokenThenToken() {
        BearerResolution resolution = DefaultBearerTokenResolver.fromHeader("Bearer " + TOKEN);

        assertThat(resolution.kind()).isEqualTo(BearerResolution.Kind.TOKEN);
        assertThat(resolution.token()).isEqualTo(TOKEN);
        assertThat(resolution).hasToString("BearerResolution[token]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bearer ", "BEARER ", "bEaReR ", " Bearer ", "\tBearer "})
    void fromHeaderWhenSchemeInAnyCaseOrLeadingWhitespaceThenToken(String prefix) {
        assertThat(DefaultBearerTokenResolver.fromHeader(prefix + TOKEN + " \t").token()).isEqualTo(TOKEN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Basic YWxpY2U6c2VjcmV0", "Digest username=x", "Bearerx abc", "Token abc"})
    void fromHeaderWhenOtherSchemeThenNone(String header) {
        assertThat(DefaultBearerTokenResolver.fromHeader(header).kind()).isEqualTo(BearerResolution.Kind.NONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer", "Bearer ", "Bearer  abc", "Bearer\tabc", "Bearer abc def", "Bearer abc,def",
            "Bearer =abc", "Bearer ab=c", "Bearer \"abc\"", "Bearer ab\u0000c", "Bearer abc\n", "Bearer t\u00f6ken",
            "Bearer abc\r\nX: y"})
    void fromHeaderWhenNotExactlyOneSpaceAndB64TokenThenMalformed(String header) {
        BearerResolution resolution = DefaultBearerTokenResolver.fromHeader(header);

        assertThat(resolution.error()).isEqualTo(BearerError.MALFORMED_TOKEN);
        assertThat(resolution).hasToString("BearerResolution[error=MALFORMED_TOKEN]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "abc==", "A-._~+/9", "abc="})
    void isB64TokenWhenRfc6750SyntaxThenTrue(String value) {
        assertThat(DefaultBearerTokenResolver.isB64Token(value)).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "access_token=x|true",
            "a=1&access_token=x|true",
            "a=1&access_token|true",
            "access%5Ftoken=x|true",
            "access%5ftoken=x|true",
            "a=access_token|false",
            "access_tokens=x|false",
            "xaccess_token=x|false",
            "access_token%=x|false",
            "%|false"})
    void queryHasParameterWhenNamedAnyEncodingThenFound(String query, boolean found) {
        assertThat(DefaultBearerTokenResolver.queryHasParameter(query, "access_token")).isEqualTo(found);
    }

    @Test
    void resolveWhenFormPostAloneAndAllowedThenToken() {
        DefaultBearerTokenResolver resolver = DefaultBearerTokenResolver.builder().allowFormBodyParameter(true)
                .build();

        BearerResolution resolution = resolver.resolve(FakeRequests.request(Map.of("getMethod", "POST",
                "getContentType", "application/x-www-form-urlencoded; charset=UTF-8",
                "getParameterValues", new String[] {TOKEN}), List.of()));

        assertThat(resolution.token()).isEqualTo(TOKEN);
    }

    @Test
    void resolveWhenFormPostAloneAndNotAllowedThenNoneWithoutReadingTheBody() {
        BearerResolution resolution = DefaultBearerTokenResolver.create().resolve(FakeRequests.request(Map.of(
                "getMethod", "POST", "getContentType", "application/x-www-form-urlencoded",
                "getParameterValues", new IllegalStateException("the body must not be read")), List.of()));

        assertThat(resolution.kind()).isEqualTo(BearerResolution.Kind.NONE);
    }

    @Test
    void resolveWhenTwoFormTokensAndAllowedThenMultipleCredentials() {
        DefaultBearerTokenResolver resolver = DefaultBearerTokenResolver.builder().allowFormBodyParameter(true)
                .build();

        BearerResolution resolution = resolver.resolve(FakeRequests.request(Map.of("getMethod", "POST",
                "getContentType", "application/x-www-form-urlencoded",
                "getParameterValues", new String[] {TOKEN, TOKEN}), List.of()));

        assertThat(resolution.error()).isEqualTo(BearerError.MULTIPLE_CREDENTIALS);
    }

    @Test
    void resolveWhenBasicHeaderAndFormPostThenBodyNotRead() {
        BearerResolution resolution = DefaultBearerTokenResolver.create().resolve(FakeRequests.request(Map.of(
                "getMethod", "POST", "getContentType", "application/x-www-form-urlencoded",
                "getParameterValues", new IllegalStateException("the body must not be read")),
                List.of("Basic YWxpY2U6c2VjcmV0")));

        assertThat(resolution.kind()).isEqualTo(BearerResolution.Kind.NONE);
    }
}
