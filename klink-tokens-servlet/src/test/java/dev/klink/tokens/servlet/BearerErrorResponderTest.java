package dev.klink.tokens.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klink.tokens.VerificationFailure;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Each {@link BearerError} against its row of the spec table; the realm's quoting. */
class BearerErrorResponderTest {

    private static final Map<Integer, String> TITLES = Map.of(400, "Bad Request", 401, "Unauthorized", 403,
            "Forbidden", 500, "Internal Server Error", 503, "Service Unavailable");

    @ParameterizedTest
    @EnumSource(BearerError.class)
    void errorWhenComparedToTableThenStatusCodeAndDetailMatch(BearerError error) {
        HttpErrorTable.Row row = HttpErrorTable.row(error);

        assertThat(error.status()).isEqualTo(row.status());
        assertThat(error.code()).isEqualTo(row.code());
        assertThat(error.detail()).isEqualTo(row.detail());
        if (error.ordinal() > 0) {
            BearerError previous = BearerError.values()[error.ordinal() - 1];
            assertThat(row.number()).as("one constant per row, in table order")
                    .isGreaterThan(HttpErrorTable.row(previous).number());
        }
    }

    @ParameterizedTest
    @EnumSource(BearerError.class)
    void wwwAuthenticateWhenDefaultRealmThenExactlyAsTable(BearerError error) {
        String expected = HttpErrorTable.row(error).challengeFor("klink", "orders:read orders:write");

        assertThat(BearerErrorResponder.create().wwwAuthenticate(error, List.of("orders:read", "orders:write")))
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(BearerError.class)
    void bodyWhenWrittenThenProblemJsonWithStableCode(BearerError error) {
        String body = new String(BearerErrorResponder.create().body(error), StandardCharsets.UTF_8);

        assertThat(body).isEqualTo("{\"type\":\"about:blank\",\"title\":\"" + TITLES.get(error.status())
                + "\",\"status\":" + error.status() + ",\"detail\":\"" + error.detail() + "\",\"code\":\""
                + error.code() + "\"}");
    }

    @ParameterizedTest
    @EnumSource(BearerError.class)
    void bodyWhenWrittenThenSameBytesAsJackson(BearerError error) {
        JsonMapper mapper = JsonMapper.builder().build();
        ObjectNode node = mapper.createObjectNode().put("type", "about:blank").put("title", TITLES.get(error.status()))
                .put("status", error.status()).put("detail", error.detail()).put("code", error.code());

        assertThat(BearerErrorResponder.create("other").body(error)).isEqualTo(mapper.writeValueAsBytes(node));
    }

    @Test
    void jsonStringWhenQuotesBackslashesControlsAndNonAsciiThenEscapedAsJackson() {
        String text = "a \"b\" \\c / \b\f\n\r\t \u0000\u001f\u007f é € \uD83D\uDE00";
        JsonMapper mapper = JsonMapper.builder().build();

        assertThat(BearerErrorResponder.jsonString(text)).isEqualTo(mapper.writeValueAsString(text));
        assertThat(mapper.readValue(BearerErrorResponder.jsonString(text), String.class)).isEqualTo(text);
    }

    @Test
    void wwwAuthenticateWhenRealmHasQuoteAndBackslashThenEscaped() {
        BearerErrorResponder responder = BearerErrorResponder.create("a \"b\" \\c");

        assertThat(responder.wwwAuthenticate(BearerError.MISSING_TOKEN, List.of()))
                .isEqualTo("Bearer realm=\"a \\\"b\\\" \\\\c\"");
    }

    @Test
    void wwwAuthenticateWhenInsufficientScopeWithoutAbilitiesThenNoScopeAttribute() {
        assertThat(BearerErrorResponder.create().wwwAuthenticate(BearerError.INSUFFICIENT_SCOPE, List.of()))
                .isEqualTo("Bearer realm=\"klink\", error=\"insufficient_scope\", "
                        + "error_description=\"The access token lacks the required abilities\"");
    }

    @Test
    void createWhenRealmInvalidThenErrorNamesTheSetting() {
        assertThatThrownBy(() -> BearerErrorResponder.create("")).hasMessage(
                "realm must have 1 to 200 characters, had 0");
        assertThatThrownBy(() -> BearerErrorResponder.create("caf\u00e9")).hasMessage(
                "realm must be printable ASCII, found U+00E9 at index 3");
        assertThatThrownBy(() -> BearerErrorResponder.create("a\r\nSet-Cookie: x")).hasMessage(
                "realm must be printable ASCII, found U+000D at index 1");
    }

    @Test
    void ofWhenEveryFailureThenOnlySecretMatchedOnesAreSpecific() {
        assertThat(BearerError.of(VerificationFailure.MALFORMED)).isEqualTo(BearerError.INVALID_TOKEN);
        assertThat(BearerError.of(VerificationFailure.UNKNOWN_PREFIX)).isEqualTo(BearerError.INVALID_TOKEN);
        assertThat(BearerError.of(VerificationFailure.NOT_FOUND)).isEqualTo(BearerError.INVALID_TOKEN);
        assertThat(BearerError.of(VerificationFailure.SECRET_MISMATCH)).isEqualTo(BearerError.INVALID_TOKEN);
        assertThat(BearerError.of(VerificationFailure.WRONG_TENANT)).isEqualTo(BearerError.INVALID_TOKEN);
        assertThat(BearerError.of(VerificationFailure.EXPIRED)).isEqualTo(BearerError.TOKEN_EXPIRED);
        assertThat(BearerError.of(VerificationFailure.REVOKED)).isEqualTo(BearerError.TOKEN_REVOKED);
        assertThat(BearerError.of(VerificationFailure.INSUFFICIENT_ABILITIES))
                .isEqualTo(BearerError.INSUFFICIENT_SCOPE);
        assertThat(BearerError.of(VerificationFailure.STORE_UNAVAILABLE)).isEqualTo(BearerError.STORE_UNAVAILABLE);
    }

    @ParameterizedTest
    @EnumSource(VerificationFailure.class)
    void ofWhenFailureThenCodeIsTheCoresPublicCode(VerificationFailure failure) {
        assertThat(BearerError.of(failure).code()).isEqualTo(failure.publicCode());
    }
}
