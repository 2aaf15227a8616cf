package dev.klink.tokens.spring.filterapp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.jdbi.JdbiTokenStore;
import dev.klink.tokens.spring.Http;
import dev.klink.tokens.spring.KlinkTokensMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** An application without Spring Security on a real Tomcat: filter rules from properties and @RequiresAbilities. */
@SpringBootTest(classes = FilterApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("filterapp")
class FilterIntegrationTests {

    private static final String FORBIDDEN_BODY = "{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,"
            + "\"detail\":\"The access token lacks the required abilities\",\"code\":\"insufficient_scope\"}";
    private static final String SCOPE_CHALLENGE = "Bearer realm=\"shop\", error=\"insufficient_scope\", "
            + "error_description=\"The access token lacks the required abilities\", scope=";

    @LocalServerPort
    int port;

    @Autowired
    TokenService tokens;

    @Autowired
    MeterRegistry meters;

    private Http api;

    @BeforeEach
    void client() {
        api = Http.stateless(port);
    }

    private String token(String owner, String... abilities) {
        return "Bearer " + tokens.issue(IssueRequest.builder("acme", owner).name("t").abilities(abilities).build())
                .plaintext();
    }

    @Test
    void filterWhenNoTokenOnProtectedPathThen401WithConfiguredRealm() {
        HttpResponse<String> response = api.get("/api/orders");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"shop\"");
        assertThat(response.body()).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
                + "\"detail\":\"Authentication with a bearer token is required\",\"code\":\"missing_token\"}");
    }

    @Test
    void filterWhenPermitAllPathThenPassesWithoutTokenButRefusesBadOne() {
        assertThat(api.get("/public/hello").body()).isEqualTo("hello");
        HttpResponse<String> bad = api.get("/public/hello", "Bearer garbage");
        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(bad.body()).contains("\"code\":\"invalid_token\"");
    }

    @Test
    void filterWhenDecodedPathHoldsLineSeparatorOnTomcatThen400InvalidPath() {
        for (String encoded : new String[] {"%E2%80%A8", "%C2%85", "%0A", "%09"}) {
            HttpResponse<String> response = api.get("/public/hello" + encoded, token("ann", "reports:read"));
            assertThat(response.statusCode()).as(encoded).isEqualTo(400);
            assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
            assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(response.body()).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Bad Request\","
                    + "\"status\":400,\"detail\":\"The request path is ambiguous\",\"code\":\"invalid_path\"}");
        }
    }

    @Test
    void requiresAbilitiesWhenTokenHoldsAbilityThenHandlerRuns() {
        HttpResponse<String> response = api.get("/api/orders", token("alice", "orders:read"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("orders of alice");
        assertThat(tokens.store()).isInstanceOf(JdbiTokenStore.class);
    }

    @Test
    void requiresAbilitiesWhenAbilityMissingThen403WithScope() {
        HttpResponse<String> response = api.get("/api/orders", token("alice", "reports:read"));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().allValues("WWW-Authenticate"))
                .containsExactly(SCOPE_CHALLENGE + "\"orders:read\"");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.body()).isEqualTo(FORBIDDEN_BODY);
    }

    @Test
    void requiresAbilitiesWhenAnyModeThenOneAbilitySuffices() {
        HttpResponse<String> admin = api.send(api.request("/api/orders/42")
                .header("Authorization", token("bob", "admin")).DELETE());
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.body()).isEqualTo("cancelled 42 by bob");
        HttpResponse<String> reader = api.send(api.request("/api/orders/42")
                .header("Authorization", token("bob", "orders:read")).DELETE());
        assertThat(reader.statusCode()).isEqualTo(403);
        assertThat(reader.headers().allValues("WWW-Authenticate"))
                .containsExactly(SCOPE_CHALLENGE + "\"orders:write admin\"");
    }

    @Test
    void filterWhenRuleFromPropertiesNotMetThen403WithRuleScope() {
        HttpResponse<String> response = api.get("/api/reports/sales", token("carol", "orders:read"));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().allValues("WWW-Authenticate"))
                .containsExactly(SCOPE_CHALLENGE + "\"reports:read admin\"");
        assertThat(api.get("/api/reports/sales", token("carol", "admin")).body()).isEqualTo("report sales");
    }

    @Test
    void actuatorWhenHealthRequestedThenTokenStoreUp() {
        HttpResponse<String> response = api.send(api.request("/actuator/health").GET());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode health = JsonMapper.builder().build().readTree(response.body());
        assertThat(health.at("/components/klinkTokens/status").asString()).isEqualTo("UP");
        assertThat(health.at("/components/klinkTokens/details/store").asString()).isEqualTo("JdbiTokenStore");
    }

    @Test
    void metricsWhenRequestsVerifiedThenCounted() {
        double before = meters.get(KlinkTokensMetrics.VERIFICATIONS).tags("outcome", "invalid", "reason",
                "malformed").counter().count();
        api.send(api.request("/public/hello").header("Authorization", "Bearer garbage").GET());
        assertThat(meters.get(KlinkTokensMetrics.VERIFICATIONS).tags("outcome", "invalid", "reason", "malformed")
                .counter().count()).isEqualTo(before + 1);
    }
}
