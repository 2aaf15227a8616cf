package dev.klink.tokens.spring.securityapp;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.IssuedToken;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.jdbi.JdbiTokenStore;
import dev.klink.tokens.servlet.BearerAuthenticator;
import dev.klink.tokens.spring.Http;
import dev.klink.tokens.spring.Session;
import dev.klink.tokens.testing.MutableClock;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Spring Security integration on a real Tomcat: the HTTP error table for bearer tokens, session login beside
 * tokens, and the management endpoints with CSRF for session clients. Tokens live in H2 through the JDBI store.
 */
@SpringBootTest(classes = SecurityApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("securityapp")
class SecurityIntegrationTests {

    private static final String REALM = "Bearer realm=\"klink\"";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    TokenService tokens;

    @Autowired
    MutableClock clock;

    @Autowired
    DataSource dataSource;

    private Http api;

    @BeforeEach
    void client() {
        api = Http.stateless(port);
    }

    private IssuedToken issue(String owner, String... abilities) {
        return tokens.issue(IssueRequest.builder("acme", owner).name("test " + String.join(",", abilities))
                .abilities(abilities).build());
    }

    private static String problem(int status, String title, String detail, String code) {
        return "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\""
                + detail + "\",\"code\":\"" + code + "\"}";
    }

    private static void assertAnswer(HttpResponse<String> response, int status, String challenge, String body) {
        assertThat(response.statusCode()).isEqualTo(status);
        if (challenge == null) {
            assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
        } else {
            assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly(challenge);
        }
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).isEqualTo(body);
    }

    // ---------------------------------------------------------------- the HTTP error table, rows 1 to 13

    @Test
    void row1WhenNoAuthorizationHeaderThen401Challenge() {
        String body = problem(401, "Unauthorized", "Authentication with a bearer token is required", "missing_token");
        assertAnswer(api.get("/api/orders"), 401, REALM, body);
        assertAnswer(api.get("/api/orders", "Basic YWxpY2U6YWxpY2UtcHc="), 401, REALM, body);
    }

    @Test
    void row2WhenBearerEmptyOrNotB64TokenThen401Malformed() {
        String challenge = REALM + ", error=\"invalid_token\", error_description=\"The access token is malformed\"";
        String body = problem(401, "Unauthorized", "The access token is malformed", "malformed_token");
        assertAnswer(api.get("/api/orders", "Bearer"), 401, challenge, body);
        assertAnswer(api.get("/api/orders", "Bearer abc{def}"), 401, challenge, body);
    }

    @Test
    void row3WhenSeveralCredentialsThen400() {
        String token = issue("alice", "orders:read").plaintext();
        String challenge = REALM
                + ", error=\"invalid_request\", error_description=\"Multiple credentials in the request\"";
        String body = problem(400, "Bad Request", "Multiple credentials in the request", "multiple_credentials");
        assertAnswer(api.send(api.request("/api/orders").header("Authorization", "Bearer " + token)
                .header("Authorization", "Bearer " + token)), 400, challenge, body);
        assertAnswer(api.get("/api/orders?access_token=" + token, "Bearer " + token), 400, challenge, body);
    }

    @Test
    void row4WhenTokenInQueryThen400() {
        String token = issue("alice", "orders:read").plaintext();
        assertAnswer(api.get("/api/orders?access_token=" + token), 400, REALM
                + ", error=\"invalid_request\", error_description=\"Access tokens are not accepted in the URL\"",
                problem(400, "Bad Request", "Access tokens are not accepted in the URL", "token_in_query"));
    }

    @Test
    void row5WhenTokenInvalidThen401InvalidEvenOnPermitAllPath() {
        IssuedToken issued = issue("alice", "orders:read");
        String challenge = REALM + ", error=\"invalid_token\", error_description=\"The access token is invalid\"";
        String body = problem(401, "Unauthorized", "The access token is invalid", "invalid_token");
        String plaintext = issued.plaintext();
        String unknownPrefix = "other" + plaintext.substring("klink_pat".length());
        assertAnswer(api.get("/api/orders", "Bearer not-a-token"), 401, challenge, body);
        assertAnswer(api.get("/api/orders", "Bearer " + unknownPrefix), 401, challenge, body);
        String wrongSecret = dev.klink.tokens.TokenFormat.format("klink_pat", issued.info().id(),
                "A".repeat(dev.klink.tokens.TokenFormat.SECRET_LENGTH));
        assertAnswer(api.get("/api/orders", "Bearer " + wrongSecret), 401, challenge, body);
        assertAnswer(api.get("/public", "Bearer not-a-token"), 401, challenge, body);
    }

    @Test
    void row6WhenTokenExpiredThen401Expired() {
        IssuedToken issued = tokens.issue(IssueRequest.builder("acme", "alice").name("short")
                .abilities("orders:read").expiresAfter(Duration.ofHours(1)).build());
        clock.advance(Duration.ofHours(2));
        assertAnswer(api.get("/api/orders", "Bearer " + issued.plaintext()), 401,
                REALM + ", error=\"invalid_token\", error_description=\"The access token expired\"",
                problem(401, "Unauthorized", "The access token expired", "token_expired"));
    }

    @Test
    void row7WhenTokenRevokedThen401Revoked() {
        IssuedToken issued = issue("alice", "orders:read");
        tokens.revoke("acme", issued.info().id(), "test", null);
        assertAnswer(api.get("/api/orders", "bearer " + issued.plaintext()), 401,
                REALM + ", error=\"invalid_token\", error_description=\"The access token was revoked\"",
                problem(401, "Unauthorized", "The access token was revoked", "token_revoked"));
    }

    @Test
    void row12WhenClientOutsideTheTokensAllowlistThen401IpNotAllowed() {
        IssuedToken issued = tokens.issue(IssueRequest.builder("acme", "alice").name("office only")
                .abilities("orders:read").allowedIps("10.0.0.0/8", "2001:db8::/32").build());
        assertAnswer(api.get("/api/orders", "Bearer " + issued.plaintext()), 401,
                REALM + ", error=\"invalid_token\", error_description=\"The access token is not allowed from this "
                        + "address\"",
                problem(401, "Unauthorized", "The access token is not allowed from this address", "ip_not_allowed"));
        // before the abilities: no 403 from outside
        assertAnswer(api.get("/api/admin/stats", "Bearer " + issued.plaintext()), 401,
                REALM + ", error=\"invalid_token\", error_description=\"The access token is not allowed from this "
                        + "address\"",
                problem(401, "Unauthorized", "The access token is not allowed from this address", "ip_not_allowed"));
    }

    @Test
    void row12WhenClientInsideTheTokensAllowlistThenPasses() {
        IssuedToken issued = tokens.issue(IssueRequest.builder("acme", "alice").name("loopback")
                .abilities("orders:read").allowedIps("127.0.0.0/8", "::1").build());
        assertThat(api.get("/api/orders", "Bearer " + issued.plaintext()).statusCode()).isEqualTo(200);
    }

    @Test
    void row12WhenWrongSecretFromOutsideThen401InvalidNotIpNotAllowed() {
        IssuedToken issued = tokens.issue(IssueRequest.builder("acme", "alice").name("office only")
                .abilities("orders:read").allowedIps("10.0.0.0/8").build());
        String wrongSecret = dev.klink.tokens.TokenFormat.format("klink_pat", issued.info().id(),
                "B".repeat(dev.klink.tokens.TokenFormat.SECRET_LENGTH));
        assertAnswer(api.get("/api/orders", "Bearer " + wrongSecret), 401,
                REALM + ", error=\"invalid_token\", error_description=\"The access token is invalid\"",
                problem(401, "Unauthorized", "The access token is invalid", "invalid_token"));
    }

    @Test
    void row8WhenAbilityMissingThen403WithScopeOfTheRule() {
        String token = issue("alice", "admin").plaintext();
        String body = problem(403, "Forbidden", "The access token lacks the required abilities",
                "insufficient_scope");
        String prefix = REALM + ", error=\"insufficient_scope\", error_description=\"The access token lacks the "
                + "required abilities\", scope=";
        assertAnswer(api.get("/api/orders", "Bearer " + token), 403, prefix + "\"orders:read\"", body);
        String reader = issue("alice", "orders:read").plaintext();
        assertAnswer(api.send(api.request("/api/orders").header("Authorization", "Bearer " + reader)
                .POST(HttpRequest.BodyPublishers.noBody())), 403, prefix + "\"orders:write admin\"", body);
        assertAnswer(api.get("/api/admin/stats", "Bearer " + reader), 403, prefix + "\"admin\"", body);
        assertAnswer(api.get("/api/invoices", "Bearer " + reader), 403, prefix + "\"invoices:read\"", body);
    }

    @Test
    void row9WhenStoreUnreachableThen503RetryAfter() {
        String token = issue("alice", "orders:read").plaintext();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        String table = ((JdbiTokenStore) tokens.store()).tokensTable();
        jdbc.execute("ALTER TABLE " + table + " RENAME TO " + table + "_offline");
        HttpResponse<String> response;
        try {
            response = api.get("/api/orders", "Bearer " + token);
        } finally {
            jdbc.execute("ALTER TABLE " + table + "_offline RENAME TO " + table);
        }
        assertAnswer(response, 503, null, problem(503, "Service Unavailable",
                "Token verification is temporarily unavailable", "token_store_unavailable"));
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
    }

    @Test
    void row10WhenTokenHasAbilityThenPassesWithoutSession() {
        IssuedToken issued = issue("alice", "orders:write");
        HttpResponse<String> response = api.get("/api/orders", "Bearer " + issued.plaintext());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("orders of alice via test orders:write");
        assertThat(response.headers().allValues("Set-Cookie"))
                .noneMatch(cookie -> cookie.startsWith("JSESSIONID"));
        // a bearer request needs no CSRF token
        HttpResponse<String> posted = api.send(api.request("/api/orders")
                .header("Authorization", "Bearer " + issued.plaintext()).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(posted.statusCode()).isEqualTo(200);
        assertThat(posted.body()).startsWith("placed by alice at ");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"%E2%80%A8", "%E2%80%A9", "%C2%85", "%C2%9F", "%0A", "%0D", "%09", "%7F", "%1F"})
    void row11WhenDecodedPathHoldsControlCharacterThen400InvalidPathAndNeverReachesTheApplication(String encoded) {
        String reader = issue("dan", "orders:read").plaintext();
        int deletes = SecurityApp.DELETES.get();

        HttpResponse<String> response = api.send(api.request("/api/orders/7" + encoded)
                .header("Authorization", "Bearer " + reader).DELETE());

        assertAnswer(response, 400, null, problem(400, "Bad Request", "The request path is ambiguous",
                "invalid_path"));
        assertThat(SecurityApp.DELETES.get()).as("the controller never ran").isEqualTo(deletes);
    }

    @Test
    void row11WhenPlainPathThenDeleteRuleApplies() {
        String reader = issue("erin", "orders:read").plaintext();
        HttpResponse<String> refused = api.send(api.request("/api/orders/7").header("Authorization", "Bearer " + reader)
                .DELETE());
        assertThat(refused.statusCode()).isEqualTo(403);
        String writer = issue("erin", "orders:write").plaintext();
        HttpResponse<String> deleted = api.send(api.request("/api/orders/7").header("Authorization", "Bearer " + writer)
                .DELETE());
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(deleted.body()).isEqualTo("deleted");
    }

    @Test
    void row13WhenTenantResolverThrowsThen500TenantResolutionFailedLoggedAtError() {
        String token = issue("alice", "orders:read").plaintext();
        Logger logger = (Logger) LoggerFactory.getLogger(BearerAuthenticator.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        HttpResponse<String> response;
        try {
            response = api.send(api.request("/api/orders").header("Authorization", "Bearer " + token)
                    .header("X-Tenant", "unresolvable"));
        } finally {
            logger.detachAppender(logs);
        }

        assertAnswer(response, 500, null, problem(500, "Internal Server Error",
                "The tenant of this request could not be determined", "tenant_resolution_failed"));
        assertThat(logs.list).hasSize(1);
        ILoggingEvent logged = logs.list.get(0);
        assertThat(logged.getLevel()).isEqualTo(Level.ERROR);
        assertThat(logged.getFormattedMessage()).contains("GET /api/orders").doesNotContain(token);
        assertThat(logged.getThrowableProxy().getMessage()).isEqualTo("no such tenant");
    }

    // ---------------------------------------------------------------- sessions beside tokens

    @Test
    void sessionWhenLoggedInThenSessionAndTokensWorkSideBySide() {
        Session alice = Session.login(port, "alice", "alice-pw");
        assertThat(alice.http().get("/api/me").body()).isEqualTo("alice");
        String token = issue("bob", "orders:read").plaintext();
        HttpResponse<String> withToken = api.get("/api/me", "Bearer " + token);
        assertThat(withToken.body()).isEqualTo("bob");
        assertThat(alice.http().get("/api/me").body()).isEqualTo("alice");
        // a session user holds no SCOPE_ authorities: the default 403, not a bearer challenge
        HttpResponse<String> denied = alice.http().get("/api/orders");
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.headers().firstValue("WWW-Authenticate")).isEmpty();
    }

    @Test
    void csrfWhenSessionPostsWithHeaderTheTokenFilterDidNotAcceptThenRefused() throws Exception {
        Session alice = Session.login(port, "alice", "alice-pw");
        int before = JSON.readTree(alice.http().get("/api/tokens?size=100").body()).get("items").size();
        Map<String, Integer> refusals = Map.of("Bearerx abc", 403, "Bearer:x", 403, "Basic Zm9vOmJhcg==", 403,
                "Bearer ", 401, "Bearer abc{def}", 401);
        for (Map.Entry<String, Integer> refusal : refusals.entrySet()) {
            HttpResponse<String> response = alice.http().send(alice.http().request("/api/tokens")
                    .header("Content-Type", "application/json").header("Authorization", refusal.getKey())
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"csrf\",\"abilities\":[\"orders:read\"]}")));
            assertThat(response.statusCode()).as(refusal.getKey()).isEqualTo(refusal.getValue());
        }
        assertThat(JSON.readTree(alice.http().get("/api/tokens?size=100").body()).get("items").size())
                .as("no token was issued").isEqualTo(before);
    }

    @Test
    void csrfWhenLogoutWithBogusBearerHeaderThenStillNeedsCsrfAndSessionLives() {
        Session alice = Session.login(port, "alice", "alice-pw");
        // not accepted by the token filter: CSRF protection refuses; a well-formed but invalid token: 401
        Map<String, Integer> refusals = Map.of("Bearerx abc", 403, "Bearer:x", 403, "Bearer nope", 401);
        for (Map.Entry<String, Integer> refusal : refusals.entrySet()) {
            HttpResponse<String> logout = alice.http().send(alice.http().request("/logout")
                    .header("Authorization", refusal.getKey()).POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(logout.statusCode()).as(refusal.getKey()).isEqualTo(refusal.getValue());
            assertThat(alice.http().get("/api/me").body()).as("still signed in after " + refusal.getKey())
                    .isEqualTo("alice");
        }
    }

    @Test
    void managementWhenSessionClientThenIssueListUseRevokeEndToEnd() throws Exception {
        Session alice = Session.login(port, "alice", "alice-pw");

        HttpResponse<String> withoutCsrf = alice.http().send(alice.http().request("/api/tokens")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"CI\"}")));
        assertThat(withoutCsrf.statusCode()).isEqualTo(403);

        HttpResponse<String> created = alice.post("/api/tokens",
                "{\"name\":\" CI deploy \",\"abilities\":[\"orders:write\"],\"expiresInDays\":30}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode issued = JSON.readTree(created.body());
        String id = issued.get("id").asString();
        String plaintext = issued.get("token").asString();
        assertThat(created.headers().firstValue("Location")).hasValue("/api/tokens/" + id);
        assertThat(plaintext).startsWith("klink_pat_" + id + "_");
        assertThat(issued.get("name").asString()).isEqualTo("CI deploy");
        assertThat(issued.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(issued.get("expiresAt").asString())
                .isEqualTo(clock.instant().plus(Duration.ofDays(30)).toString());

        HttpResponse<String> used = api.get("/api/orders", "Bearer " + plaintext);
        assertThat(used.statusCode()).isEqualTo(200);

        HttpResponse<String> listed = alice.http().get("/api/tokens?size=100");
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).doesNotContain(plaintext.substring(plaintext.lastIndexOf('_') + 1))
                .doesNotContainIgnoringCase("hash");
        JsonNode mine = find(JSON.readTree(listed.body()).get("items"), id);
        assertThat(mine.get("lastUsedAt").asString()).isEqualTo(clock.instant().toString());
        assertThat(mine.get("lastUsedIp").asString()).isEqualTo("127.0.0.1");
        assertThat(mine.get("abilities").toString()).isEqualTo("[\"orders:write\"]");
        assertThat(mine.get("hint").asString()).isEqualTo("klink_pat_" + id + "_\u2026");

        Session bob = Session.login(port, "bob", "bob-pw");
        assertThat(bob.delete("/api/tokens/" + id).statusCode()).isEqualTo(404);
        assertThat(bob.http().get("/api/tokens/" + id).statusCode()).isEqualTo(404);
        assertThat(api.get("/api/orders", "Bearer " + plaintext).statusCode()).isEqualTo(200);

        assertThat(alice.delete("/api/tokens/" + id).statusCode()).isEqualTo(204);
        assertThat(api.get("/api/orders", "Bearer " + plaintext).body()).contains("\"code\":\"token_revoked\"");
        JsonNode revoked = JSON.readTree(alice.http().get("/api/tokens/" + id).body());
        assertThat(revoked.get("status").asString()).isEqualTo("REVOKED");
    }

    @Test
    void managementWhenRotatedThenNewTokenWorksAndOldStops() throws Exception {
        Session alice = Session.login(port, "alice", "alice-pw");
        JsonNode first = JSON.readTree(alice.post("/api/tokens",
                "{\"name\":\"rotating\",\"abilities\":[\"orders:read\"]}").body());
        HttpResponse<String> rotated = alice.post("/api/tokens/" + first.get("id").asString() + "/rotate", "");
        assertThat(rotated.statusCode()).isEqualTo(201);
        JsonNode second = JSON.readTree(rotated.body());
        assertThat(second.get("rotatedFromId").asString()).isEqualTo(first.get("id").asString());
        assertThat(second.get("name").asString()).isEqualTo("rotating");
        assertThat(api.get("/api/orders", "Bearer " + second.get("token").asString()).statusCode()).isEqualTo(200);
        assertThat(api.get("/api/orders", "Bearer " + first.get("token").asString()).statusCode()).isEqualTo(401);
        HttpResponse<String> again = alice.post("/api/tokens/" + first.get("id").asString() + "/rotate", "");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(again.body()).get("code").asString()).isEqualTo("token_not_active");
    }

    @Test
    void managementWhenInputInvalidThen400NamingTheField() throws Exception {
        Session alice = Session.login(port, "alice", "alice-pw");
        Map<String, String> cases = Map.of(
                "{\"name\":\"  \"}", "name",
                "{\"name\":\"x\",\"abilities\":[\"orders:delete\"]}", "abilities",
                "{\"name\":\"x\",\"expiresInDays\":365}", "expiresInDays",
                "{\"name\":\"x\",\"expiresAt\":\"tomorrow\"}", "expiresAt",
                "{\"name\":\"x\",\"expiresAt\":\"2026-07-01T00:00:00Z\",\"expiresInDays\":3}", "expiresAt",
                "{\"name\":\"x\",\"neverExpires\":true}", "neverExpires",
                "{\"name\":\"x\",\"expiresInDays\":\"soon\"}", "expiresInDays",
                "{\"name\":\"x\",\"allowedIps\":[\"10.0.0.0/33\"]}", "allowedIps",
                "not json", "body");
        // Map.of takes at most ten pairs: the other malformed allowlists
        for (String allowedIps : List.of("[\"example.com\"]", "\"10.0.0.0/8\"", "[10]", "[null]", "null",
                "[\"10.1.0.0/8\"]", "[" + "\"10.0.0.1\",".repeat(20) + "\"10.0.0.2\"]")) {
            String json = "{\"name\":\"x\",\"allowedIps\":" + allowedIps + "}";
            HttpResponse<String> response = alice.post("/api/tokens", json);
            assertThat(response.statusCode()).as(json).isEqualTo(400);
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.get("code").asString()).as(json).isEqualTo("invalid_request");
            assertThat(body.get("field").asString()).as(json).isEqualTo("allowedIps");
        }
        for (Map.Entry<String, String> entry : cases.entrySet()) {
            HttpResponse<String> response = alice.post("/api/tokens", entry.getKey());
            assertThat(response.statusCode()).as(entry.getKey()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.get("code").asString()).isEqualTo("invalid_request");
            assertThat(body.get("field").asString()).as(entry.getKey()).isEqualTo(entry.getValue());
        }
        HttpResponse<String> badPage = alice.http().get("/api/tokens?size=1000");
        assertThat(badPage.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badPage.body()).get("field").asString()).isEqualTo("size");
    }

    @Test
    void managementWhenIssuedWithAllowedIpsThenNormalizedInEveryAnswerAndEnforced() throws Exception {
        Session alice = Session.login(port, "alice", "alice-pw");

        HttpResponse<String> created = alice.post("/api/tokens", "{\"name\":\"office\",\"abilities\":"
                + "[\"orders:read\"],\"allowedIps\":[\"10.0.0.0/8\",\" 2001:DB8::/32\",\"192.0.2.7\"]}");

        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode issued = JSON.readTree(created.body());
        String id = issued.get("id").asString();
        assertThat(issued.get("allowedIps").toString())
                .isEqualTo("[\"10.0.0.0/8\",\"2001:db8::/32\",\"192.0.2.7/32\"]");
        assertThat(JSON.readTree(alice.http().get("/api/tokens/" + id).body()).get("allowedIps").toString())
                .isEqualTo("[\"10.0.0.0/8\",\"2001:db8::/32\",\"192.0.2.7/32\"]");
        JsonNode listed = find(JSON.readTree(alice.http().get("/api/tokens?size=100").body()).get("items"), id);
        assertThat(listed.get("allowedIps").toString()).isEqualTo("[\"10.0.0.0/8\",\"2001:db8::/32\",\"192.0.2.7/32\"]");
        assertThat(api.get("/api/orders", "Bearer " + issued.get("token").asString()).body())
                .contains("\"code\":\"ip_not_allowed\"");

        HttpResponse<String> open = alice.post("/api/tokens", "{\"name\":\"anywhere\",\"allowedIps\":[]}");
        assertThat(open.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(open.body()).get("allowedIps").toString()).isEqualTo("[]");
    }

    @Test
    void managementWhenAbilitiesRequestedThenCatalogAndPolicy() throws Exception {
        Session alice = Session.login(port, "alice", "alice-pw");
        JsonNode body = JSON.readTree(alice.http().get("/api/tokens/abilities").body());
        assertThat(body.get("unrestricted").asBoolean()).isFalse();
        assertThat(body.get("maxLifetimeDays").asLong()).isEqualTo(90);
        assertThat(body.get("allowNeverExpires").asBoolean()).isFalse();
        assertThat(body.get("abilities").toString()).isEqualTo("[{\"name\":\"orders:read\",\"description\":"
                + "\"Read orders\",\"implies\":[]},{\"name\":\"orders:write\",\"description\":\"Place and change "
                + "orders\",\"implies\":[\"orders:read\"]},{\"name\":\"admin\",\"description\":\"Administer the "
                + "shop\",\"implies\":[]}]");
    }

    @Test
    void managementWhenNotLoggedInThen401() {
        assertThat(api.get("/api/tokens").statusCode()).isEqualTo(401);
    }

    private static JsonNode find(JsonNode items, String id) {
        for (JsonNode item : items) {
            if (item.get("id").asString().equals(id)) {
                return item;
            }
        }
        throw new AssertionError("no token " + id + " in " + items);
    }

}
