package dev.klink.tokens.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klink.tokens.AbilityCatalog;
import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.IssuedToken;
import dev.klink.tokens.TokenInfo;
import dev.klink.tokens.TokenPolicy;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.testing.MutableClock;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RFC 7662 introspection on a real Jetty: caller authentication first, then one answer per token. */
class TokenIntrospectionServletTest {

    private static final String GATEWAY_SECRET = "s3cret+with/odd:chars%";
    private static final String ACME_SECRET = "acme-only-secret";
    private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

    private static MutableClock clock;
    private static SwitchableTokenStore store;
    private static TokenService tokens;
    private static TestServer server;

    @BeforeAll
    static void startServer() throws Exception {
        clock = MutableClock.at(START);
        store = new SwitchableTokenStore();
        AbilityCatalog catalog = AbilityCatalog.builder()
                .ability("orders:read", "Read orders")
                .ability("orders:write", "Change orders", "orders:read")
                .ability("tokens:introspect", "Ask about other tokens")
                .build();
        tokens = TokenService.builder(store).clock(clock).catalog(catalog)
                .policy(TokenPolicy.builder().allowNeverExpires(true).build()).backgroundUsageFlush(false).build();
        TokenIntrospectionServlet servlet = TokenIntrospectionServlet.builder(tokens)
                .client(IntrospectionClient.withSecretHash("gateway", IntrospectionClient.hashSecret(GATEWAY_SECRET)))
                .client(IntrospectionClient.withSecretHash("acme-gw", IntrospectionClient.hashSecret(ACME_SECRET)
                        .toUpperCase(java.util.Locale.ROOT)).boundToTenant("acme"))
                .realm("tokens")
                .build();
        server = TestServer.start(servlet, context -> { });
    }

    @AfterAll
    static void stopServer() {
        server.close();
        tokens.close();
    }

    @AfterEach
    void storeUp() {
        store.down(false);
    }

    private static IssuedToken issue(String tenant, String owner, String... abilities) {
        return tokens.issue(IssueRequest.builder(tenant, owner).name("token of " + owner).abilities(abilities)
                .expiresInDays(30).build());
    }

    private static String basic(String id, String secret) {
        String pair = URLEncoder.encode(id, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private static TestServer.Response post(String authorization, String body) throws Exception {
        return post("", authorization, body);
    }

    private static TestServer.Response post(String query, String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri("/introspect" + query))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (!authorization.isEmpty()) {
            request.header("Authorization", authorization);
        }
        return server.send(request.build());
    }

    private static TestServer.Response introspect(String token) throws Exception {
        return post(basic("gateway", GATEWAY_SECRET), "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)
                + "&token_type_hint=access_token");
    }

    private static void assertInactive(TestServer.Response response) {
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"active\":false}");
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void introspectWhenTokenActiveThenEveryClaim() throws Exception {
        IssuedToken token = issue("acme", "alice", "orders:write", "orders:read");
        TestServer.Response response = introspect(token.plaintext());
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        long iat = START.getEpochSecond();
        long exp = START.plus(Duration.ofDays(30)).getEpochSecond();
        assertThat(response.body()).isEqualTo("{\"active\":true,\"scope\":\"orders:read orders:write\","
                + "\"sub\":\"alice\",\"username\":\"alice\",\"exp\":" + exp + ",\"iat\":" + iat + ",\"jti\":\""
                + token.info().id() + "\",\"token_type\":\"Bearer\",\"tenant\":\"acme\"}");
    }

    @Test
    void introspectWhenOwnerHasQuotesAndBackslashesThenEscapedJson() throws Exception {
        IssuedToken token = issue("acme", "o\"w\\ner\u00e9");
        assertThat(introspect(token.plaintext()).body()).contains("\"sub\":\"o\\\"w\\\\ner\u00e9\"");
    }

    @Test
    void introspectWhenTokenNeverExpiresThenNoExp() throws Exception {
        IssuedToken token = tokens.issue(IssueRequest.builder("acme", "carol").name("forever").neverExpires()
                .build());
        TestServer.Response response = introspect(token.plaintext());
        assertThat(response.body()).startsWith("{\"active\":true,").doesNotContain("\"exp\"");
    }

    @Test
    void introspectWhenUnknownRevokedExpiredWrongSecretOrMalformedThenTheSameInactiveAnswer() throws Exception {
        IssuedToken revoked = issue("acme", "dave", "orders:read");
        tokens.revoke("acme", revoked.info().id(), "admin", "left");
        IssuedToken expired = tokens.issue(IssueRequest.builder("acme", "erin").name("short")
                .expiresAfter(Duration.ofMinutes(1)).build());
        clock.advance(Duration.ofMinutes(2));
        IssuedToken live = issue("acme", "frank");
        String wrongSecret = live.plaintext().substring(0, live.plaintext().length() - 12) + "AAAAAAAAAAAA";
        String unknown = revoked.plaintext().replace(revoked.info().id(), "0123456789abcdef");
        List<TestServer.Response> answers = new ArrayList<>();
        for (String token : List.of(revoked.plaintext(), unknown, expired.plaintext(), wrongSecret, "not a token",
                "klink_pat_x")) {
            answers.add(introspect(token));
        }
        for (TestServer.Response answer : answers) {
            assertInactive(answer);
            assertThat(answer.headers()).isEqualTo(answers.get(0).headers());
        }
    }

    @Test
    void introspectWhenTokenHasIpAllowlistThenInactiveSinceTheClientAddressIsUnknown() throws Exception {
        IssuedToken limited = tokens.issue(IssueRequest.builder("acme", "lars").name("office only")
                .allowedIps("127.0.0.0/8", "::1").build());

        assertInactive(introspect(limited.plaintext()));
    }

    @Test
    void introspectWhenUnauthenticatedThen401BasicChallengeAndTokenUntouched() throws Exception {
        IssuedToken token = issue("acme", "gina");
        String form = "token=" + token.plaintext();
        List<TestServer.Response> answers = List.of(post("", form), post(basic("gateway", "wrong"), form),
                post(basic("nobody", GATEWAY_SECRET), form), post("Basic !!!", form),
                post("Bearer " + token.plaintext(), form), post(basic("gateway", GATEWAY_SECRET) + "x", form));
        for (TestServer.Response answer : answers) {
            assertThat(answer.status()).isEqualTo(401);
            assertThat(answer.header("WWW-Authenticate")).isEqualTo("Basic realm=\"tokens\"");
            assertThat(answer.header("Cache-Control")).isEqualTo("no-store");
            assertThat(answer.body()).isEqualTo(
                    "{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed\"}");
        }
        tokens.flushUsage();
        assertThat(tokens.get("acme", token.info().id()).orElseThrow().lastUsedAt())
                .as("an unauthenticated caller made no use of the token").isNull();
    }

    @Test
    void introspectWhenUnauthenticatedThenAnswerIndependentOfTheToken() throws Exception {
        IssuedToken token = issue("acme", "hank");
        TestServer.Response valid = post(basic("gateway", "wrong"), "token=" + token.plaintext());
        TestServer.Response garbage = post(basic("gateway", "wrong"), "nothing=here");
        assertThat(valid.status()).isEqualTo(garbage.status()).isEqualTo(401);
        assertThat(valid.body()).isEqualTo(garbage.body());
    }

    @Test
    void introspectWhenActiveThenCountsAsUse() throws Exception {
        IssuedToken token = issue("acme", "ivan");
        clock.advance(Duration.ofMinutes(5));
        Instant used = clock.instant();
        introspect(token.plaintext());
        TokenInfo info = tokens.get("acme", token.info().id()).orElseThrow();
        assertThat(info.lastUsedAt()).isEqualTo(used);
    }

    @Test
    void introspectWhenBearerCallerHoldsAbilityThenAnswersForItsTenantOnly() throws Exception {
        IssuedToken caller = issue("acme", "svc", "tokens:introspect");
        IssuedToken sameTenant = issue("acme", "judy", "orders:read");
        IssuedToken otherTenant = issue("globex", "judy", "orders:read");
        TestServer.Response same = post("Bearer " + caller.plaintext(), "token=" + sameTenant.plaintext());
        assertThat(same.body()).startsWith("{\"active\":true,").contains("\"sub\":\"judy\"");
        assertInactive(post("Bearer " + caller.plaintext(), "token=" + otherTenant.plaintext()));
    }

    @Test
    void introspectWhenBearerCallerLacksAbilityThen401() throws Exception {
        IssuedToken caller = issue("acme", "svc2", "orders:read");
        TestServer.Response response = post("Bearer " + caller.plaintext(), "token=" + caller.plaintext());
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Basic realm=\"tokens\"");
    }

    @Test
    void introspectWhenClientBoundToTenantThenOtherTenantsInactive() throws Exception {
        IssuedToken acme = issue("acme", "kim");
        IssuedToken globex = issue("globex", "kim");
        String auth = basic("acme-gw", ACME_SECRET);
        assertThat(post(auth, "token=" + acme.plaintext()).body()).contains("\"tenant\":\"acme\"");
        assertInactive(post(auth, "token=" + globex.plaintext()));
        assertThat(introspect(globex.plaintext()).body()).as("an unbound client sees every tenant")
                .contains("\"tenant\":\"globex\"");
    }

    @Test
    void introspectWhenNotPostThen405() throws Exception {
        TestServer.Response response = server.get("/introspect", "Authorization: " + basic("gateway",
                GATEWAY_SECRET));
        assertThat(response.status()).isEqualTo(405);
        assertThat(response.header("Allow")).isEqualTo("POST");
    }

    @Test
    void introspectWhenTokenMissingDoubledOrInQueryThen400InvalidRequest() throws Exception {
        String auth = basic("gateway", GATEWAY_SECRET);
        IssuedToken token = issue("acme", "lea");
        for (TestServer.Response response : List.of(post(auth, ""), post(auth, "token="),
                post(auth, "token=a&token=b"), post("?token=" + token.plaintext(), auth, ""))) {
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.body()).startsWith("{\"error\":\"invalid_request\",");
            assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        }
    }

    @Test
    void introspectWhenStoreDownThen503NeverInactive() throws Exception {
        IssuedToken token = issue("acme", "mia");
        store.down(true);
        TestServer.Response response = introspect(token.plaintext());
        assertThat(response.status()).isEqualTo(503);
        assertThat(response.header("Retry-After")).isEqualTo("5");
        assertThat(response.body()).startsWith("{\"error\":\"temporarily_unavailable\",");
    }

    @Test
    void clientWhenHashIsNotSha256HexThenRefusedNamingTheClient() {
        assertThatThrownBy(() -> IntrospectionClient.withSecretHash("gw", "plain-secret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("secret hash of client 'gw' must be the SHA-256 of the secret as 64 hex digits, had 12 "
                        + "characters");
        assertThat(IntrospectionClient.withSecretHash("gw", IntrospectionClient.hashSecret("x")).boundToTenant("t"))
                .hasToString("IntrospectionClient[id=gw, tenant=t]");
    }

    @Test
    void builderWhenClientTwiceOrBadAbilityThenRefused() {
        IntrospectionClient client = IntrospectionClient.withSecretHash("gw", IntrospectionClient.hashSecret("x"));
        TokenIntrospectionServlet.Builder builder = TokenIntrospectionServlet.builder(tokens).client(client);
        assertThatThrownBy(() -> builder.client(client)).hasMessage("introspection client 'gw' is configured twice");
        assertThatThrownBy(() -> builder.callerAbility("Tokens Introspect"))
                .hasMessage("callerAbility must be an ability such as tokens:introspect, was 'Tokens Introspect'");
    }
}
