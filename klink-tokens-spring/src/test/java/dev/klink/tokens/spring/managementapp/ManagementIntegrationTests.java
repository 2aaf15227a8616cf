package dev.klink.tokens.spring.managementapp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.IssuedToken;
import dev.klink.tokens.page.PageRequest;
import dev.klink.tokens.TokenInfo;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.TokenStatus;
import dev.klink.tokens.spring.Http;
import dev.klink.tokens.spring.Session;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The management endpoints in a multi-tenant application with form login: the signed-in user's tenant comes from
 * who the user is, a bearer token can manage nothing, and request bodies are bounded and checked field by field.
 */
@SpringBootTest(classes = ManagementApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("managementapp")
class ManagementIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int LIMIT = 16 * 1024;

    @LocalServerPort
    int port;

    @Autowired
    TokenService tokens;

    private Http api;

    @BeforeEach
    void client() {
        api = Http.stateless(port);
    }

    private Session login(String user) {
        return Session.login(port, user, user + "-pw");
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(json(response).get("code").asString()).isEqualTo(code);
        assertThat(json(response).get("status").asInt()).isEqualTo(status);
    }

    private List<TokenInfo> tokensOf(String tenant, String owner) {
        return tokens.listByOwner(tenant, owner, PageRequest.of(0, 100)).items();
    }

    // ---------------------------------------------------------------- item 1: the tenant is the user's

    @Test
    void issueWhenSessionUserNamesAnotherTenantInHeaderThenTokenBelongsToUsersTenant() {
        Session alice = login("alice");
        HttpResponse<String> created = alice.http().send(alice.post("/api/tokens",
                HttpRequest.BodyPublishers.ofString("{\"name\":\"via header\"}")).header("X-Tenant", "globex"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json(created).get("id").asString();
        assertThat(tokens.get("acme", id)).hasValueSatisfying(info -> assertThat(info.ownerId()).isEqualTo("alice"));
        assertThat(tokens.get("globex", id)).isEmpty();
    }

    @Test
    void issueWhenSessionUserNamesAnotherTenantInHostThenTokenBelongsToUsersTenant() throws IOException {
        Session alice = login("alice");
        String body = "{\"name\":\"via host\"}";
        String response = raw("POST /api/tokens HTTP/1.1\r\nHost: globex.localhost\r\n"
                + "Cookie: JSESSIONID=" + alice.http().cookie("JSESSIONID").orElseThrow()
                + "; XSRF-TOKEN=" + alice.xsrf() + "\r\nX-XSRF-TOKEN: " + alice.xsrf()
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                + "\r\nConnection: close\r\n\r\n" + body);
        assertThat(response).startsWith("HTTP/1.1 201 ");
        assertThat(tokensOf("acme", "alice")).extracting(TokenInfo::name).contains("via host");
        assertThat(tokensOf("globex", "alice")).extracting(TokenInfo::name).doesNotContain("via host");
    }

    @Test
    void listWhenSessionUserNamesAnotherTenantThenOwnTenantsTokensOnly() {
        IssuedToken ginas = tokens.issue(IssueRequest.builder("globex", "alice").name("same name, other tenant")
                .build());
        Session alice = login("alice");
        HttpResponse<String> listed = alice.http().send(alice.http().request("/api/tokens?size=100")
                .header("X-Tenant", "globex").GET());
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).doesNotContain(ginas.info().id());
        assertThat(alice.http().send(alice.http().request("/api/tokens/" + ginas.info().id())
                .header("X-Tenant", "globex").GET()).statusCode()).isEqualTo(404);
    }

    /** Sends one raw HTTP/1.1 request, for headers the JDK client will not set (Host). */
    private String raw(String request) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    // ---------------------------------------------------------------- item 6: a token manages no tokens

    @Test
    void everyEndpointWhenAuthenticatedByBearerTokenThen403LoginRequired() {
        IssuedToken issued = tokens.issue(IssueRequest.builder("acme", "alice").name("bearer")
                .abilities("orders:write").build());
        String id = issued.info().id();
        int before = tokensOf("acme", "alice").size() - 1;
        Map<String, Function<HttpRequest.Builder, HttpRequest.Builder>> endpoints = new LinkedHashMap<>();
        endpoints.put("/api/tokens", HttpRequest.Builder::GET);
        endpoints.put("/api/tokens/abilities", HttpRequest.Builder::GET);
        endpoints.put("/api/tokens/" + id, HttpRequest.Builder::GET);
        endpoints.put("/api/tokens/" + id + "/usage", HttpRequest.Builder::GET);
        endpoints.put("POST /api/tokens", request -> request.header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"wider\",\"abilities\":[\"orders:write\"]}")));
        endpoints.put("DELETE /api/tokens/" + id, HttpRequest.Builder::DELETE);
        endpoints.put("POST /api/tokens/" + id + "/rotate", request -> request.POST(
                HttpRequest.BodyPublishers.noBody()));
        for (Map.Entry<String, Function<HttpRequest.Builder, HttpRequest.Builder>> endpoint : endpoints.entrySet()) {
            String path = endpoint.getKey().substring(endpoint.getKey().indexOf('/'));
            HttpRequest.Builder request = endpoint.getValue().apply(api.request(path)
                    .header("Authorization", "Bearer " + issued.plaintext()).header("X-Tenant", "acme"));
            HttpResponse<String> response = api.send(request);
            assertProblem(response, 403, "login_required");
        }
        assertThat(tokens.get("acme", id)).hasValueSatisfying(info -> {
            assertThat(info.status()).isEqualTo(TokenStatus.ACTIVE);
            assertThat(info.rotatedToId()).isNull();
        });
        assertThat(tokensOf("acme", "alice")).hasSize(before + 1);
    }

    @Test
    void issueWhenSessionAndBearerTokenTogetherThen403LoginRequired() {
        IssuedToken issued = tokens.issue(IssueRequest.builder("acme", "alice").name("bearer").build());
        int before = tokensOf("acme", "alice").size();
        Session alice = login("alice");
        HttpResponse<String> response = alice.http().send(alice.post("/api/tokens",
                HttpRequest.BodyPublishers.ofString("{\"name\":\"wider\",\"abilities\":[\"orders:write\"]}"))
                .header("Authorization", "Bearer " + issued.plaintext()).header("X-Tenant", "acme"));
        assertProblem(response, 403, "login_required");
        assertThat(tokensOf("acme", "alice")).hasSize(before);
    }

    // ---------------------------------------------------------------- item 11: bounded, checked input

    /** A valid issue body padded with spaces to exactly {@code size} bytes. */
    private static String bodyOfSize(int size) {
        String json = "{\"name\":\"padded\"}";
        return json + " ".repeat(size - json.length());
    }

    @Test
    void issueWhenBodyLargerThanLimitThen413Problem() {
        Session gina = login("gina");
        assertProblem(gina.post("/api/tokens", bodyOfSize(LIMIT + 1)), 413, "request_too_large");
        byte[] chunked = bodyOfSize(LIMIT * 4).getBytes(StandardCharsets.UTF_8);
        assertProblem(gina.http().send(gina.post("/api/tokens", HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(chunked)))), 413, "request_too_large");
        assertThat(tokensOf("globex", "gina")).isEmpty();
        assertThat(gina.post("/api/tokens", bodyOfSize(LIMIT)).statusCode()).isEqualTo(201);
    }

    @Test
    void issueWhenFieldNullOrOfWrongTypeThen400NamingTheField() {
        Session alice = login("alice");
        int before = tokensOf("acme", "alice").size();
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("{\"name\":null}", "name");
        cases.put("{\"name\":7}", "name");
        cases.put("{\"name\":\"x\",\"abilities\":null}", "abilities");
        cases.put("{\"name\":\"x\",\"abilities\":[\"orders:read\",null]}", "abilities");
        cases.put("{\"name\":\"x\",\"abilities\":[7]}", "abilities");
        cases.put("{\"name\":\"x\",\"abilities\":\"orders:read\"}", "abilities");
        cases.put("{\"name\":\"x\",\"expiresAt\":null}", "expiresAt");
        cases.put("{\"name\":\"x\",\"expiresInDays\":null}", "expiresInDays");
        cases.put("{\"name\":\"x\",\"expiresInDays\":1.5}", "expiresInDays");
        cases.put("{\"name\":\"x\",\"expiresInDays\":99999999999}", "expiresInDays");
        cases.put("{\"name\":\"x\",\"neverExpires\":null}", "neverExpires");
        cases.put("{\"name\":\"x\",\"neverExpires\":\"yes\"}", "neverExpires");
        cases.put("{\"name\":\"" + "n".repeat(201) + "\"}", "name");
        cases.put("", "body");
        cases.put("null", "body");
        cases.put("[]", "body");
        cases.put("{", "body");
        cases.put("{\"name\":\"x\"} {}", "body");
        cases.put("{\"name\":\"x\",\"name\":\"y\"}", "body");
        for (Map.Entry<String, String> entry : cases.entrySet()) {
            HttpResponse<String> response = alice.post("/api/tokens", entry.getKey());
            assertProblem(response, 400, "invalid_request");
            assertThat(json(response).get("field").asString()).as(entry.getKey()).isEqualTo(entry.getValue());
            assertThat(response.body()).doesNotContain("Exception");
        }
        assertThat(tokensOf("acme", "alice")).hasSize(before);
    }

    @Test
    void issueWhenMoreThan64AbilitiesThen400() {
        Session alice = login("alice");
        String many = String.join(",", java.util.Collections.nCopies(65, "\"orders:read\""));
        HttpResponse<String> response = alice.post("/api/tokens", "{\"name\":\"many\",\"abilities\":[" + many + "]}");
        assertProblem(response, 400, "invalid_request");
        assertThat(json(response).get("field").asString()).isEqualTo("abilities");
        String enough = String.join(",", java.util.Collections.nCopies(64, "\"orders:read\""));
        assertThat(alice.post("/api/tokens", "{\"name\":\"enough\",\"abilities\":[" + enough + "]}").statusCode())
                .isEqualTo(201);
    }

    // ---------------------------------------------------------------- rotation and the audit trail

    @Test
    void getWhenTokenRotatedThenStatusRotatedWithItsReplacementsId() {
        Session alice = login("alice");
        String id = json(alice.post("/api/tokens", "{\"name\":\"ci\"}")).get("id").asString();
        HttpResponse<String> rotated = alice.post("/api/tokens/" + id + "/rotate", "");
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(201);
        String replacement = json(rotated).get("id").asString();

        JsonNode old = json(alice.get("/api/tokens/" + id));
        assertThat(old.get("status").asString()).isEqualTo("ROTATED");
        assertThat(old.get("rotatedToId").asString()).isEqualTo(replacement);
        JsonNode fresh = json(alice.get("/api/tokens/" + replacement));
        assertThat(fresh.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(fresh.get("rotatedFromId").asString()).isEqualTo(id);
    }

    @Test
    void revokeAndRotateWhenOwnerIdIsNotTheUserNameThenSignedInUserRecordedAsActor() {
        Session carol = login("carol");
        String first = json(carol.post("/api/tokens", "{\"name\":\"one\"}")).get("id").asString();
        String second = json(carol.post("/api/tokens", "{\"name\":\"two\"}")).get("id").asString();

        assertThat(carol.delete("/api/tokens/" + first).statusCode()).isEqualTo(204);
        assertThat(carol.post("/api/tokens/" + second + "/rotate", "").statusCode()).isEqualTo(201);

        TokenInfo revoked = tokens.get("acme", first).orElseThrow();
        assertThat(revoked.ownerId()).isEqualTo("user-7");
        assertThat(revoked.revokedBy()).isEqualTo("carol");
        assertThat(tokens.get("acme", second).orElseThrow().revokedBy()).isEqualTo("carol");
    }
    // ---------------------------------------------------------------- usage per day

    @Test
    void usageWhenOwnTokenUsedThenThirtyUtcDaysOldestFirstWithTodaysCountAndTotal() {
        IssuedToken issued = tokens.issue(IssueRequest.builder("acme", "alice").name("counted").build());
        for (int i = 0; i < 3; i++) {
            assertThat(tokens.verify(issued.plaintext()).isValid()).isTrue();
        }
        LocalDate today = LocalDate.ofInstant(tokens.clock().instant(), ZoneOffset.UTC);
        Session alice = login("alice");

        HttpResponse<String> response = alice.get("/api/tokens/" + issued.info().id() + "/usage");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode days = json(response).get("days");
        assertThat(days.size()).isEqualTo(30);
        assertThat(days.get(0).toString()).isEqualTo("{\"date\":\"" + today.minusDays(29) + "\",\"count\":0}");
        assertThat(days.get(29).toString()).isEqualTo("{\"date\":\"" + today + "\",\"count\":3}");
        for (int i = 0; i < 29; i++) {
            assertThat(days.get(i).get("date").asString()).isEqualTo(today.minusDays(29 - i).toString());
            assertThat(days.get(i).get("count").asLong()).isZero();
        }
        assertThat(json(response).get("total").asLong()).isEqualTo(3);
    }

    @Test
    void usageWhenAnotherOwnersOrTenantsOrUnknownTokenThen404() {
        IssuedToken ginas = tokens.issue(IssueRequest.builder("globex", "gina").name("globex").build());
        IssuedToken carols = tokens.issue(IssueRequest.builder("acme", "user-7").name("same tenant").build());
        tokens.verify(ginas.plaintext());
        tokens.verify(carols.plaintext());
        Session alice = login("alice");

        assertProblem(alice.get("/api/tokens/" + ginas.info().id() + "/usage"), 404, "token_not_found");
        assertProblem(alice.get("/api/tokens/" + carols.info().id() + "/usage"), 404, "token_not_found");
        assertProblem(alice.get("/api/tokens/0123456789abcdef/usage"), 404, "token_not_found");
        assertProblem(alice.get("/api/tokens/not-an-id/usage"), 404, "token_not_found");
        assertThat(login("gina").get("/api/tokens/" + ginas.info().id() + "/usage").statusCode()).isEqualTo(200);
    }
}
