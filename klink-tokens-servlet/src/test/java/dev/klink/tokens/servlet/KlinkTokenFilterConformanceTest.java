package dev.klink.tokens.servlet;

import static dev.klink.tokens.servlet.Problems.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.klink.tokens.AbilityCatalog;
import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.IssuedToken;
import dev.klink.tokens.TokenFormat;
import dev.klink.tokens.TokenInfo;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.spi.GrantableAbilities;
import dev.klink.tokens.testing.MutableClock;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The filter on a real Jetty, driven by the HTTP error table: every row asserts status, the exact
 * {@code WWW-Authenticate} value and the body's {@code code}. A subclass runs every row again with another
 * {@link StoreFront} between the service and the store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KlinkTokenFilterConformanceTest {

    private static final String RULES = """
            # public
            /health permitAll
            /public/** permitAll
            GET /api/orders/** all(orders:read)
            POST /api/orders/** all(orders:write, orders:read)
            /api/reports/** any(reports:read, admin)
            /api/me authenticated
            """;
    /** RFC 6750 b64token, written here independently of the code under test. */
    private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9._~+/-]+=*");

    private MutableClock clock;
    SwitchableTokenStore store;
    private TokenService tokens;
    TestServer server;
    IssuedToken reader;
    private IssuedToken writer;
    private final List<String> plaintexts = new CopyOnWriteArrayList<>();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    /** What stands between the service and the store. */
    StoreFront storeFront() {
        return StoreFront.DIRECT;
    }

    @BeforeAll
    void startServer() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs.start();
        root.addAppender(logs);
        clock = MutableClock.at("2026-03-01T10:00:00Z");
        store = new SwitchableTokenStore();
        AbilityCatalog catalog = AbilityCatalog.builder()
                .ability("orders:read", "Read orders")
                .ability("orders:write", "Change orders", "orders:read")
                .ability("reports:read", "Read reports")
                .ability("admin", "Administer")
                .build();
        // wildcard tokens are issued here (isUserInRole), so the owners may grant them
        tokens = TokenService.builder(storeFront().inFrontOf(store, clock)).clock(clock).catalog(catalog)
                .grantableAbilities(GrantableAbilities.ANY).backgroundUsageFlush(false).build();
        KlinkTokenFilter filter = KlinkTokenFilter.builder(tokens)
                .rules(RULES)
                .tenantResolver(request -> {
                    String tenant = request.getHeader("X-Tenant");
                    if ("unresolvable".equals(tenant)) {
                        throw new IllegalStateException("no such tenant");
                    }
                    return tenant;
                })
                .build();
        server = TestServer.start(new EchoServlet(), context -> { }, new SessionLoginFilter(), filter);
        reader = issue("alice", "orders:read");
        writer = issue("bob", "orders:write");
    }

    @AfterAll
    void stopServer() throws Exception {
        server.close();
        tokens.close();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        assertThat(logs.list).as("the filter logged its refusals").isNotEmpty();
        for (ILoggingEvent event : logs.list) {
            String logged = event.getFormattedMessage() + (event.getThrowableProxy() == null ? ""
                    : event.getThrowableProxy().getMessage());
            for (String plaintext : plaintexts) {
                assertThat(logged).as("no log line holds a token").doesNotContain(plaintext)
                        .doesNotContain(plaintext.substring(plaintext.length() - 38));
            }
        }
    }

    @AfterEach
    void storeUp() {
        store.down(false);
    }

    private IssuedToken issue(String owner, String... abilities) {
        return remember(tokens.issue(IssueRequest.builder("acme", owner).name("token of " + owner)
                .abilities(abilities).expiresInDays(30).build()));
    }

    private IssuedToken remember(IssuedToken issued) {
        plaintexts.add(issued.plaintext());
        return issued;
    }

    // ------------------------------------------------------------------ rows 1-4: what the resolver refuses

    static Stream<Arguments> headerRows() {
        String valid = "klink_pat_0000000000000000_000000000000000000000000000000001LyiOM";
        return Stream.of(
                Arguments.of("no Authorization header", List.of(), BearerError.MISSING_TOKEN),
                Arguments.of("Basic scheme", List.of("Authorization: Basic YWxpY2U6c2VjcmV0"),
                        BearerError.MISSING_TOKEN),
                Arguments.of("empty header", List.of("Authorization:"), BearerError.MISSING_TOKEN),
                Arguments.of("other scheme starting with Bearer", List.of("Authorization: Bearerx " + valid),
                        BearerError.MISSING_TOKEN),
                Arguments.of("Bearer with nothing", List.of("Authorization: Bearer"), BearerError.MALFORMED_TOKEN),
                Arguments.of("Bearer and a space", List.of("Authorization: Bearer "), BearerError.MALFORMED_TOKEN),
                Arguments.of("two spaces", List.of("Authorization: Bearer  " + valid), BearerError.MALFORMED_TOKEN),
                Arguments.of("tab", List.of("Authorization: Bearer\t" + valid), BearerError.MALFORMED_TOKEN),
                Arguments.of("two tokens", List.of("Authorization: Bearer " + valid + " " + valid),
                        BearerError.MALFORMED_TOKEN),
                Arguments.of("comma", List.of("Authorization: Bearer " + valid + ",x"), BearerError.MALFORMED_TOKEN),
                Arguments.of("quoted", List.of("Authorization: Bearer \"" + valid + "\""),
                        BearerError.MALFORMED_TOKEN),
                Arguments.of("two Authorization headers",
                        List.of("Authorization: Bearer " + valid, "Authorization: Bearer " + valid),
                        BearerError.MULTIPLE_CREDENTIALS),
                Arguments.of("Basic and Bearer headers",
                        List.of("Authorization: Basic YWxpY2U6c2VjcmV0", "Authorization: Bearer " + valid),
                        BearerError.MULTIPLE_CREDENTIALS),
                Arguments.of("well-formed but unknown token", List.of("Authorization: Bearer " + valid),
                        BearerError.INVALID_TOKEN),
                Arguments.of("b64token that is no klink token", List.of("Authorization: Bearer abc.def~+/=="),
                        BearerError.INVALID_TOKEN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headerRows")
    void filterWhenHeaderThenAnswersAsTable(String name, List<String> headers, BearerError expected)
            throws Exception {
        TestServer.Response response = server.raw(TestServer.CONTEXT + "/api/me", headers.toArray(String[]::new));

        assertRefused(response, expected);
    }

    @Test
    void filterWhenLowerCaseSchemeThenPasses() throws Exception {
        TestServer.Response response = server.get("/api/me", "Authorization: bearer " + reader.plaintext());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.echo()).containsEntry("tokenId", reader.info().id());
    }

    @Test
    void filterWhenUpperCaseSchemeAndSurroundingWhitespaceThenPasses() throws Exception {
        TestServer.Response response = server.raw(TestServer.CONTEXT + "/api/me",
                "Authorization: \t BEARER " + reader.plaintext() + " \t");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.echo()).containsEntry("tokenId", reader.info().id());
    }

    @Test
    void filterWhenHeaderPlusQueryTokenThen400MultipleCredentials() throws Exception {
        TestServer.Response response = server.getWithToken("/api/me?access_token=" + reader.plaintext(),
                reader.plaintext());

        assertRefused(response, BearerError.MULTIPLE_CREDENTIALS);
    }

    @Test
    void filterWhenQueryTokenAloneThen400TokenInQuery() throws Exception {
        TestServer.Response response = server.get("/api/me?x=1&access_token=" + reader.plaintext());

        assertRefused(response, BearerError.TOKEN_IN_QUERY);
    }

    @Test
    void filterWhenQueryTokenWithEncodedNameOnPublicPathThen400TokenInQuery() throws Exception {
        TestServer.Response response = server.get("/health?access%5Ftoken=" + reader.plaintext());

        assertRefused(response, BearerError.TOKEN_IN_QUERY);
    }

    @Test
    void filterWhenFormBodyTokenAloneThenNotAcceptedAs401MissingToken() throws Exception {
        TestServer.Response response = server.send(formPost("/api/orders/1", "access_token=" + writer.plaintext())
                .build());

        assertRefused(response, BearerError.MISSING_TOKEN);
    }

    @Test
    void filterWhenHeaderPlusFormBodyTokenThen400MultipleCredentials() throws Exception {
        TestServer.Response response = server.send(formPost("/api/orders/1", "note=x&access_token="
                + writer.plaintext()).header("Authorization", "Bearer " + writer.plaintext()).build());

        assertRefused(response, BearerError.MULTIPLE_CREDENTIALS);
    }

    @Test
    void filterWhenHeaderAndFormBodyWithoutTokenThenPassesWithParameters() throws Exception {
        TestServer.Response response = server.send(formPost("/api/orders/1", "note=x")
                .header("Authorization", "Bearer " + writer.plaintext()).build());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.echo()).containsEntry("method", "POST").containsEntry("owner", "bob");
    }

    private HttpRequest.Builder formPost(String path, String form) {
        return HttpRequest.newBuilder(server.uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
    }

    @Test
    void filterWhenNonAsciiBytesInHeaderThen401Malformed() throws Exception {
        byte[] header = ("Authorization: Bearer klink_pat_ASe3jnqIDd65Lhe\u0430_abc").getBytes(StandardCharsets.UTF_8);
        TestServer.Response response = server.raw("GET", TestServer.CONTEXT + "/api/me", List.of(header),
                new byte[0]);

        assertRefused(response, BearerError.MALFORMED_TOKEN);
    }

    @Test
    void filterWhen16KbHeaderThenReachesFilterAs401InvalidWithoutStoreLookup() throws Exception {
        int lookups = store.lookups();

        TestServer.Response response = server.getWithToken("/api/me", "a".repeat(16 * 1024));

        assertRefused(response, BearerError.INVALID_TOKEN);
        assertThat(store.lookups()).isEqualTo(lookups);
    }

    // ------------------------------------------------------------------ row 5: every invalid vector of the spec

    static Stream<Arguments> invalidVectors() throws Exception {
        try (InputStream in = KlinkTokenFilterConformanceTest.class.getResourceAsStream("/token-format-vectors.json")) {
            JsonNode root = JsonMapper.builder().build().readTree(in);
            List<Arguments> vectors = new ArrayList<>();
            for (JsonNode vector : root.get("invalid")) {
                vectors.add(Arguments.of(vector.get("why").asString(), vector.get("token").asString()));
            }
            return vectors.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidVectors")
    void filterWhenInvalidVectorThenRefusedBeforeTheStore(String why, String token) throws Exception {
        int lookups = store.lookups();
        byte[] header = ("Authorization: Bearer " + token).getBytes(StandardCharsets.UTF_8);

        TestServer.Response response = server.raw("GET", TestServer.CONTEXT + "/api/me", List.of(header),
                new byte[0]);

        if (hasControlCharacter(token)) {
            // a NUL or line feed cannot travel inside an HTTP header: Jetty's parser refuses the request itself
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.header("WWW-Authenticate")).isNull();
        } else {
            assertRefused(response, B64TOKEN.matcher(token).matches() ? BearerError.INVALID_TOKEN
                    : BearerError.MALFORMED_TOKEN);
        }
        assertThat(store.lookups()).as("garbage never reaches the store").isEqualTo(lookups);
    }

    private static boolean hasControlCharacter(String token) {
        return token.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }

    // ------------------------------------------------------------------ rows 5-7: verification outcomes

    @Test
    void filterWhenBadChecksumThen401Invalid() throws Exception {
        String token = reader.plaintext();
        char last = token.charAt(token.length() - 1);
        String tampered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');

        assertRefused(server.getWithToken("/api/me", tampered), BearerError.INVALID_TOKEN);
    }

    @Test
    void filterWhenUnknownIdThen401Invalid() throws Exception {
        Random random = new Random(7);
        String unknown = TokenFormat.format("klink_pat", TokenFormat.randomId(random),
                TokenFormat.randomSecret(random));

        assertRefused(server.getWithToken("/api/me", unknown), BearerError.INVALID_TOKEN);
    }

    @Test
    void filterWhenWrongSecretThen401Invalid() throws Exception {
        String wrongSecret = TokenFormat.format("klink_pat", reader.info().id(),
                TokenFormat.randomSecret(new Random(11)));

        assertRefused(server.getWithToken("/api/me", wrongSecret), BearerError.INVALID_TOKEN);
    }

    @Test
    void filterWhenUnacceptedPrefixThen401Invalid() throws Exception {
        String otherPrefix = TokenFormat.format("ghp", reader.info().id(), TokenFormat.randomSecret(new Random(3)));

        assertRefused(server.getWithToken("/api/me", otherPrefix), BearerError.INVALID_TOKEN);
    }

    @Test
    void filterWhenExpiredThen401Expired() throws Exception {
        IssuedToken shortLived = remember(tokens.issue(IssueRequest.builder("acme", "carol").name("short")
                .abilities("orders:read").expiresAfter(Duration.ofHours(1)).build()));
        clock.advance(Duration.ofHours(1));

        assertRefused(server.getWithToken("/api/me", shortLived.plaintext()), BearerError.TOKEN_EXPIRED);
    }

    @Test
    void filterWhenRevokedThen401Revoked() throws Exception {
        IssuedToken token = issue("dave", "orders:read");
        assertThat(server.getWithToken("/api/me", token.plaintext()).status()).isEqualTo(200);

        tokens.revoke("acme", token.info().id(), "admin", "leaked");

        assertRefused(server.getWithToken("/api/me", token.plaintext()), BearerError.TOKEN_REVOKED);
    }

    // ------------------------------------------------------------------ row 12: the token's IP allowlist

    private IssuedToken issueAllowedFrom(String owner, String... ranges) {
        return remember(tokens.issue(IssueRequest.builder("acme", owner).name("allowlisted").abilities("orders:read")
                .expiresInDays(30).allowedIps(ranges).build()));
    }

    @Test
    void filterWhenClientOutsideAllowlistThen401IpNotAllowed() throws Exception {
        IssuedToken token = issueAllowedFrom("ivan", "10.0.0.0/8", "2001:db8::/32");

        TestServer.Response response = server.getWithToken("/api/me", token.plaintext());

        assertRefused(response, BearerError.IP_NOT_ALLOWED);
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"klink\", error=\"invalid_token\", "
                + "error_description=\"The access token is not allowed from this address\"");
        assertThat(response.body()).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
                + "\"detail\":\"The access token is not allowed from this address\",\"code\":\"ip_not_allowed\"}");
    }

    @Test
    void filterWhenClientInsideAllowlistThenPasses() throws Exception {
        IssuedToken token = issueAllowedFrom("judy", "10.0.0.0/8", "127.0.0.0/8");

        TestServer.Response response = server.getWithToken("/api/me", token.plaintext());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.echo()).containsEntry("tokenId", token.info().id());
    }

    @Test
    void filterWhenWrongSecretFromOutsideAllowlistThen401InvalidNotIpNotAllowed() throws Exception {
        IssuedToken token = issueAllowedFrom("ken", "10.0.0.0/8");
        String wrongSecret = TokenFormat.format("klink_pat", token.info().id(), TokenFormat.randomSecret(new Random(5)));

        assertRefused(server.getWithToken("/api/me", wrongSecret), BearerError.INVALID_TOKEN);
    }

    @Test
    void filterWhenOutsideAllowlistAndWrongTenantThen401InvalidAndRevokedThen401Revoked() throws Exception {
        IssuedToken token = issueAllowedFrom("leo", "10.0.0.0/8");

        assertRefused(server.get("/api/me", "Authorization: Bearer " + token.plaintext(), "X-Tenant: globex"),
                BearerError.INVALID_TOKEN);
        tokens.revoke("acme", token.info().id(), "admin", "leaked");
        assertRefused(server.getWithToken("/api/me", token.plaintext()), BearerError.TOKEN_REVOKED);
    }

    @Test
    void filterWhenOutsideAllowlistAndAbilityMissingThen401IpNotAllowedBefore403() throws Exception {
        IssuedToken token = issueAllowedFrom("mia", "10.0.0.0/8");

        assertRefused(server.send(HttpRequest.newBuilder(server.uri("/api/orders/1"))
                .header("Authorization", "Bearer " + token.plaintext())
                .POST(HttpRequest.BodyPublishers.noBody()).build()), BearerError.IP_NOT_ALLOWED);
    }

    @Test
    void filterWhenRevokedDuringRequestLoopThenEveryLaterRequestRefused() throws Exception {
        IssuedToken token = issue("heidi", "orders:read");
        AtomicBoolean revoked = new AtomicBoolean();
        CountDownLatch warmedUp = new CountDownLatch(5);
        List<String> wrong = new CopyOnWriteArrayList<>();
        ExecutorService loop = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> refusedAfterRevocation = loop.submit(() -> {
                int after = 0;
                while (after < 20) {
                    boolean sentAfterRevocation = revoked.get();
                    TestServer.Response response = server.getWithToken("/api/me", token.plaintext());
                    boolean refused = response.status() == 401 && response.body().contains("\"token_revoked\"");
                    if (sentAfterRevocation) {
                        after++;
                        if (!refused) {
                            wrong.add("after revocation: " + response.status());
                        }
                    } else if (response.status() != 200 && !refused) {
                        wrong.add("before revocation: " + response.status());
                    }
                    warmedUp.countDown();
                }
                return after;
            });
            assertThat(warmedUp.await(30, TimeUnit.SECONDS)).isTrue();

            tokens.revoke("acme", token.info().id(), "admin", "leaked");
            revoked.set(true);

            assertThat(refusedAfterRevocation.get(60, TimeUnit.SECONDS)).isEqualTo(20);
            assertThat(wrong).isEmpty();
        } finally {
            loop.shutdownNow();
        }
    }

    @Test
    void filterWhenWrongTenantThen401InvalidAndRightTenantPasses() throws Exception {
        assertRefused(server.get("/api/me", "Authorization: Bearer " + reader.plaintext(), "X-Tenant: globex"),
                BearerError.INVALID_TOKEN);

        TestServer.Response right = server.get("/api/me", "Authorization: Bearer " + reader.plaintext(),
                "X-Tenant: acme");
        assertThat(right.status()).isEqualTo(200);
        assertThat(right.echo()).containsEntry("tenant", "acme");
    }

    @Test
    void filterWhenTenantResolverThrowsThen500TenantResolutionFailedLoggedAtError() throws Exception {
        int before = logs.list.size();

        assertRefused(server.get("/api/me", "Authorization: Bearer " + reader.plaintext(), "X-Tenant: unresolvable"),
                BearerError.TENANT_RESOLUTION_FAILED);

        List<ILoggingEvent> errors = logs.list.subList(before, logs.list.size()).stream()
                .filter(event -> event.getLevel() == Level.ERROR).toList();
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).getFormattedMessage()).contains("Tenant resolver").contains("GET /api/me")
                .doesNotContain(reader.plaintext());
        assertThat(errors.get(0).getThrowableProxy().getMessage()).isEqualTo("no such tenant");
    }

    // ------------------------------------------------------------------ rules and row 8

    @Test
    void filterWhenPermitAllWithoutTokenThenPassesUntouched() throws Exception {
        TestServer.Response response = server.get("/health");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.echo()).containsEntry("principal", "none").containsEntry("authType", "null")
                .doesNotContainKey("tokenId");
    }

    @Test
    void filterWhenPermitAllWithBadTokenThen401Invalid() throws Exception {
        assertRefused(server.getWithToken("/public/page", "not-a-klink-token"), BearerError.INVALID_TOKEN);
    }

    @Test
    void filterWhenPermitAllWithValidTokenThenPrincipalSet() throws Exception {
        TestServer.Response response = server.getWithToken("/public/page", reader.plaintext());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.echo()).containsEntry("owner", "alice");
    }

    @Test
    void filterWhenAuthenticatedRuleWithoutTokenThen401Missing() throws Exception {
        assertRefused(server.get("/api/me"), BearerError.MISSING_TOKEN);
    }

    @Test
    void filterWhenNoRuleMatchesThenDefaultAuthenticated() throws Exception {
        assertRefused(server.get("/elsewhere"), BearerError.MISSING_TOKEN);
        assertThat(server.getWithToken("/elsewhere", reader.plaintext()).status()).isEqualTo(200);
    }

    @Test
    void filterWhenAllRuleLacksAbilityThen403WithScopeOfTheRule() throws Exception {
        TestServer.Response response = server.send(HttpRequest.newBuilder(server.uri("/api/orders/7"))
                .header("Authorization", "Bearer " + reader.plaintext())
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());

        assertRefused(response, BearerError.INSUFFICIENT_SCOPE, "klink", "orders:write orders:read");
    }

    @Test
    void filterWhenAllRuleMetThroughImplicationThenPasses() throws Exception {
        TestServer.Response response = server.send(HttpRequest.newBuilder(server.uri("/api/orders/7"))
                .header("Authorization", "Bearer " + writer.plaintext())
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.echo()).containsEntry("owner", "bob").containsEntry("role.orders:read", "true");
    }

    @Test
    void filterWhenGetRuleThenHeadIsCheckedToo() throws Exception {
        IssuedToken reports = issue("erin", "reports:read");
        TestServer.Response response = server.send(HttpRequest.newBuilder(server.uri("/api/orders/7"))
                .header("Authorization", "Bearer " + reports.plaintext())
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.header("WWW-Authenticate")).isEqualTo(HttpErrorTable.row(BearerError.INSUFFICIENT_SCOPE)
                .challengeFor("klink", "orders:read"));
    }

    @Test
    void filterWhenAnyRuleLacksEveryAbilityThen403WithScope() throws Exception {
        assertRefused(server.getWithToken("/api/reports/q1", reader.plaintext()), BearerError.INSUFFICIENT_SCOPE,
                "klink", "reports:read admin");
    }

    @Test
    void filterWhenAnyRuleMetByOneAbilityThenPasses() throws Exception {
        IssuedToken admin = issue("frank", "admin");

        TestServer.Response response = server.getWithToken("/api/reports/q1", admin.plaintext());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.echo()).containsEntry("role.admin", "true").containsEntry("role.orders:read", "false");
    }

    // ------------------------------------------------------------------ row 9: store down, then recovery

    @Test
    void filterWhenStoreDownThen503ThenRecovers() throws Exception {
        store.down(true);

        assertRefused(server.getWithToken("/api/me", reader.plaintext()), BearerError.STORE_UNAVAILABLE);
        assertRefused(server.getWithToken("/health", reader.plaintext()), BearerError.STORE_UNAVAILABLE);

        store.down(false);

        assertThat(server.getWithToken("/api/me", reader.plaintext()).status()).isEqualTo(200);
    }

    // ------------------------------------------------------------------ row 10: valid

    @Test
    void filterWhenValidThen200WithPrincipalEchoedAndUsageRecorded() throws Exception {
        IssuedToken token = issue("grace", "orders:read");

        TestServer.Response response = server.getWithToken("/api/orders/7", token.plaintext());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.echo())
                .containsEntry("path", "/api/orders/7")
                .containsEntry("principal", "grace")
                .containsEntry("principalType", "TokenPrincipal")
                .containsEntry("remoteUser", "grace")
                .containsEntry("authType", "Bearer")
                .containsEntry("role.orders:read", "true")
                .containsEntry("role.admin", "false")
                .containsEntry("tenant", "acme")
                .containsEntry("owner", "grace")
                .containsEntry("tokenId", token.info().id())
                .containsEntry("tokenName", "token of grace")
                .containsEntry("abilities", "orders:read")
                .containsEntry("attribute", token.info().id());
        TokenInfo info = tokens.get("acme", token.info().id()).orElseThrow();
        assertThat(info.lastUsedAt()).isEqualTo(clock.instant());
        assertThat(info.lastUsedIp()).isEqualTo("127.0.0.1");
    }

    // ------------------------------------------------------------------ roles are abilities, nothing else

    @Test
    void isUserInRoleWhenWildcardTokenThenOnlyValidAbilityNamesItHolds() throws Exception {
        IssuedToken all = issue("ivan", "*");

        TestServer.Response response = server.getWithToken(
                "/api/me?role=ADMIN&role=admin&role=manager&role=*&role=**&role=orders:*&role=orders:read",
                all.plaintext());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.echo())
                .containsEntry("role.ADMIN", "false")
                .containsEntry("role.manager", "false")
                .containsEntry("role.*", "false")
                .containsEntry("role.**", "false")
                .containsEntry("role.orders:*", "false")
                .containsEntry("role.admin", "true")
                .containsEntry("role.orders:read", "true");
    }

    @Test
    void isUserInRoleWhenTokenHoldsAbilityThenTrueOnlyForThatName() throws Exception {
        TestServer.Response response = server.getWithToken("/api/me?role=ORDERS:READ&role=orders:write",
                reader.plaintext());

        assertThat(response.echo()).containsEntry("role.orders:read", "true").containsEntry("role.ORDERS:READ", "false")
                .containsEntry("role.orders:write", "false");
    }

    // ------------------------------------------------------------------ session principals

    @Test
    void filterWhenSessionPrincipalWithoutTokenThenLeftAlone() throws Exception {
        TestServer.Response response = server.get("/api/orders/7", "X-Session-User: zoe");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.echo()).containsEntry("principal", "zoe").containsEntry("authType", "FORM");
    }

    @Test
    void filterWhenSessionPrincipalWithTokenThenTokenVerified() throws Exception {
        assertRefused(server.get("/api/orders/7", "X-Session-User: zoe", "Authorization: Bearer nope"),
                BearerError.INVALID_TOKEN);

        TestServer.Response response = server.get("/api/orders/7", "X-Session-User: zoe",
                "Authorization: Bearer " + reader.plaintext());
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.echo()).containsEntry("principal", "alice").containsEntry("authType", "Bearer");
    }

    // ------------------------------------------------------------------ TokenRequests.requireAbilities

    @Test
    void requireAbilitiesWhenTokenLacksThen403WithScopeOfTheCheck() throws Exception {
        assertRefused(server.getWithToken("/api/me?require=orders:write,admin", reader.plaintext()),
                BearerError.INSUFFICIENT_SCOPE, "klink", "orders:write admin");
    }

    @Test
    void requireAbilitiesWhenWrappedInServletExceptionThen403() throws Exception {
        assertRefused(server.getWithToken("/api/me?require=admin&wrap=true", reader.plaintext()),
                BearerError.INSUFFICIENT_SCOPE, "klink", "admin");
    }

    @Test
    void requireAbilitiesWhenTokenHoldsThemThenPasses() throws Exception {
        assertThat(server.getWithToken("/api/me?require=orders:read", writer.plaintext()).status()).isEqualTo(200);
    }

    @Test
    void requireAbilitiesWhenNoTokenOnPublicPathThen401Missing() throws Exception {
        assertRefused(server.get("/public/page?require=orders:read"), BearerError.MISSING_TOKEN);
    }
}
