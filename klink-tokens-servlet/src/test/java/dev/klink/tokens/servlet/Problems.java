package dev.klink.tokens.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Asserts that a response is exactly the refusal the spec table gives for an error. */
final class Problems {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<Integer, String> TITLES = Map.of(400, "Bad Request", 401, "Unauthorized", 403,
            "Forbidden", 500, "Internal Server Error", 503, "Service Unavailable");

    private Problems() {
    }

    static void assertRefused(TestServer.Response response, BearerError error) {
        assertRefused(response, error, BearerErrorResponder.DEFAULT_REALM, "");
    }

    static void assertRefused(TestServer.Response response, BearerError error, String realm, String scope) {
        HttpErrorTable.Row row = HttpErrorTable.row(error);
        // the body names the path and principal the application saw, should a request get through
        assertThat(response.status()).as("status for %s, body %s", row.code(), response.body())
                .isEqualTo(row.status());
        assertThat(response.header("WWW-Authenticate")).as("WWW-Authenticate for %s", row.code())
                .isEqualTo(row.challengeFor(realm, scope));
        assertThat(response.header("Retry-After")).isEqualTo(row.status() == 503 ? "5" : null);
        assertProblem(response, row.status(), row.detail(), row.code());
    }

    static void assertProblem(TestServer.Response response, int status, String detail, String code) {
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("code").asString()).isEqualTo(code);
        assertThat(response.body()).isEqualTo("{\"type\":\"about:blank\",\"title\":\"" + TITLES.get(status)
                + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\",\"code\":\"" + code + "\"}");
    }
}
