package dev.klink.tokens.example.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.IssuedToken;
import dev.klink.tokens.TokenService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo's introspection and forward-auth endpoints, and the README's {@code curl} introspection example run as it
 * is written there (with {@code KLINK_URL} and {@code KLINK_TOKEN} set, as the README says), by bash and curl.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.datasource.url=jdbc:h2:mem:klink-demo-introspection-test;DB_CLOSE_DELAY=-1")
class DemoIntrospectionTests {

    @LocalServerPort
    int port;

    @Autowired
    TokenService tokens;

    private final JsonMapper json = JsonMapper.builder().build();

    private IssuedToken issue(String owner, String... abilities) {
        return tokens.issue(IssueRequest.builder("acme", owner).name("introspected").abilities(abilities)
                .expiresInDays(30).build());
    }

    /** Runs the README's curl example; its standard output. */
    private String readmeCurl(String token) throws Exception {
        return ReadmeScripts.run("introspection-curl",
                Map.of("KLINK_URL", "http://localhost:" + port, "KLINK_TOKEN", token));
    }

    @Test
    void readmeCurlExampleWhenTokenActiveThenClaimsOfTheToken() throws Exception {
        IssuedToken token = issue("alice", "orders:write", "orders:read");
        JsonNode answer = json.readTree(readmeCurl(token.plaintext()));
        assertThat(answer.get("active").asBoolean()).isTrue();
        assertThat(answer.get("scope").asString()).isEqualTo("orders:read orders:write");
        assertThat(answer.get("sub").asString()).isEqualTo("alice");
        assertThat(answer.get("tenant").asString()).isEqualTo("acme");
        assertThat(answer.get("jti").asString()).isEqualTo(token.info().id());
        assertThat(answer.get("exp").asLong()).isEqualTo(token.info().expiresAt().getEpochSecond());
    }

    @Test
    void readmeCurlExampleWhenTokenRevokedThenInactive() throws Exception {
        IssuedToken token = issue("alice", "orders:read");
        tokens.revoke("acme", token.info().id(), "alice", null);
        assertThat(readmeCurl(token.plaintext())).isEqualTo("{\"active\":false}");
    }

    @Test
    void forwardAuthWhenTokenValidThenOwnerHeader() throws Exception {
        IssuedToken token = issue("alice", "orders:read");
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/auth/verify"))
                .header("Authorization", "Bearer " + token.plaintext())
                .header("X-Klink-Require", "orders:read").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Klink-Owner")).hasValue("alice");
        assertThat(response.headers().firstValue("X-Klink-Tenant")).hasValue("acme");
    }
}
