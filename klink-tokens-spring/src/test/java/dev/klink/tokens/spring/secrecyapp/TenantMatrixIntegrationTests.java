package dev.klink.tokens.spring.secrecyapp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.IssuedToken;
import dev.klink.tokens.TokenFormat;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.spring.Http;
import dev.klink.tokens.spring.Session;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Tenant isolation through Spring, as one table: globex's signed-in user acting on acme's token through every
 * management endpoint that takes an id, and acme's token sent to a globex request through Spring Security, each get
 * the very response (status, every header but {@code Date}, body) an unknown id gets, and acme's token is unchanged.
 */
@SpringBootTest(classes = SecrecyApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("secrecyapp")
class TenantMatrixIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    TokenService tokens;

    private Session gina;
    private Http api;
    private IssuedToken acmes;
    private String unknownId;
    private String unknownToken;

    /** A request of the table: with gina's session, or a bearer one; {@code id} and {@code token} are the target. */
    @FunctionalInterface
    interface Call {
        HttpResponse<String> send(TenantMatrixIntegrationTests test, Target target);
    }

    record Target(String id, String token) {
    }

    @BeforeEach
    void tokens() {
        gina = Session.login(port, "gina", "gina-pw");
        api = Http.stateless(port);
        acmes = tokens.issue(IssueRequest.builder("acme", "alice").name("acme's").abilities("orders:write")
                .expiresInDays(30).build());
        Random random = new Random(8);
        unknownId = TokenFormat.randomId(random);
        unknownToken = TokenFormat.format(TokenFormat.DEFAULT_PREFIX, unknownId, TokenFormat.randomSecret(random));
    }

    static Stream<Arguments> operations() {
        return Stream.of(
                row("management GET token", (t, target) -> t.gina.get("/api/tokens/" + target.id())),
                row("management DELETE token", (t, target) -> t.gina.delete("/api/tokens/" + target.id())),
                row("management POST rotate", (t, target) -> t.gina.post("/api/tokens/" + target.id() + "/rotate",
                        "")),
                row("bearer GET authenticated path", (t, target) -> t.bearer(target.token(), "/api/things")),
                row("bearer GET path needing orders:write", (t, target) -> t.bearer(target.token(),
                        "/api/orders/1")),
                row("bearer GET management list", (t, target) -> t.bearer(target.token(), "/api/tokens")));
    }

    private static Arguments row(String name, Call call) {
        return Arguments.of(name, call);
    }

    private HttpResponse<String> bearer(String token, String path) {
        return api.send(api.request(path).header("Authorization", "Bearer " + token).header("X-Tenant", "globex")
                .GET());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    void operationWhenOtherTenantTargetsTokenThenSameResponseAsUnknownId(String name, Call call) {
        Map<String, Object> unknown = answer(call.send(this, new Target(unknownId, unknownToken)), unknownId);
        Map<String, Object> crossTenant = answer(call.send(this, new Target(acmes.info().id(), acmes.plaintext())),
                acmes.info().id());

        assertThat(crossTenant).as(name).isEqualTo(unknown);
        assertThat((int) crossTenant.get("status")).as(name).isIn(401, 404);
        assertThat(tokens.get("acme", acmes.info().id())).as("acme's token after " + name)
                .hasValueSatisfying(info -> {
                    assertThat(info.revokedAt()).isNull();
                    assertThat(info.rotatedToId()).isNull();
                });
    }

    /** Status, headers but Date, and body, with the target id replaced by a placeholder. */
    private static Map<String, Object> answer(HttpResponse<String> response, String id) {
        Map<String, List<String>> headers = new TreeMap<>(response.headers().map());
        headers.remove("date");
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", response.statusCode());
        answer.put("headers", headers.toString().replace(id, "<id>"));
        answer.put("body", response.body().replace(id, "<id>"));
        return answer;
    }
}
