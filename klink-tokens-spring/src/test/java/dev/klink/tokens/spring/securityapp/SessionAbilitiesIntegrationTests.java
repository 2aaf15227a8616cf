package dev.klink.tokens.spring.securityapp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.spring.Session;
import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.spring.Http;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * {@code klink.tokens.security.session-abilities} on a real Tomcat: a session user gets the listed abilities (and
 * what they imply) as {@code SCOPE_} authorities and for {@code @RequiresAbilities}, stays a session user (no token
 * principal, CSRF kept), and tokens keep exactly their own abilities and stay locked out of token management.
 */
@SpringBootTest(classes = SecurityApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "klink.tokens.security.session-abilities=orders:write")
@ActiveProfiles("securityapp")
class SessionAbilitiesIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    TokenService tokens;

    private String token(String owner, String... abilities) {
        return "Bearer " + tokens.issue(IssueRequest.builder("acme", owner).name("script")
                .abilities(abilities).build()).plaintext();
    }

    @Test
    void sessionUserWhenAbilityListedThenScopeRulesPassWithoutTokenPrincipal() {
        Session alice = Session.login(port, "alice", "alice-pw");
        // orders:write implies orders:read; the owner comes from the TokenOwnerResolver
        HttpResponse<String> owner = alice.http().get("/api/owner");
        assertThat(owner.statusCode()).isEqualTo(200);
        assertThat(owner.body()).isEqualTo("acme/alice token=none");
        int deletes = SecurityApp.DELETES.get();
        assertThat(alice.delete("/api/orders/7").statusCode()).isEqualTo(200);
        assertThat(SecurityApp.DELETES.get()).isEqualTo(deletes + 1);
    }

    @Test
    void sessionUserWhenAbilityNotListedThenRefused() {
        Session alice = Session.login(port, "alice", "alice-pw");
        HttpResponse<String> admin = alice.http().get("/api/admin/stats");
        assertThat(admin.statusCode()).isEqualTo(403);
        assertThat(admin.headers().firstValue("WWW-Authenticate")).isEmpty();
    }

    @Test
    void requiresAbilitiesWhenSessionUserThenSessionAbilitiesDecide() {
        Session alice = Session.login(port, "alice", "alice-pw");
        HttpResponse<String> reports = alice.http().get("/api/reports");
        assertThat(reports.statusCode()).isEqualTo(200);
        assertThat(reports.body()).isEqualTo("reports");
        HttpResponse<String> admin = alice.http().get("/api/reports/admin");
        assertThat(admin.statusCode()).isEqualTo(403);
        assertThat(admin.body()).contains("\"code\":\"insufficient_scope\"");
    }

    @Test
    void sessionUserWhenUnsafeRequestWithoutCsrfThenStillRefused() {
        Session alice = Session.login(port, "alice", "alice-pw");
        int deletes = SecurityApp.DELETES.get();
        HttpResponse<String> delete = alice.http().send(alice.http().request("/api/orders/7").DELETE());
        assertThat(delete.statusCode()).isEqualTo(403);
        HttpResponse<String> issue = alice.http().send(alice.http().request("/api/tokens")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\",\"abilities\":[\"orders:read\"]}")));
        assertThat(issue.statusCode()).isEqualTo(403);
        assertThat(SecurityApp.DELETES.get()).isEqualTo(deletes);
    }

    @Test
    void tokenWhenSessionAbilitiesOnThenOnlyItsOwnAbilities() {
        Http api = Http.stateless(port);
        String reader = token("bob", "orders:read");
        HttpResponse<String> owner = api.get("/api/owner", reader);
        assertThat(owner.statusCode()).isEqualTo(200);
        assertThat(owner.body()).isEqualTo("acme/bob token=script");
        int deletes = SecurityApp.DELETES.get();
        HttpResponse<String> delete = api.send(api.request("/api/orders/7").header("Authorization", reader).DELETE());
        assertThat(delete.statusCode()).isEqualTo(403);
        assertThat(delete.body()).contains("\"code\":\"insufficient_scope\"");
        assertThat(SecurityApp.DELETES.get()).isEqualTo(deletes);
    }

    @Test
    void managementWhenBearerTokenThen403LoginRequiredEvenWithSessionAbilities() {
        Http api = Http.stateless(port);
        String all = token("alice", "orders:write", "admin");
        HttpResponse<String> list = api.get("/api/tokens", all);
        assertThat(list.statusCode()).isEqualTo(403);
        assertThat(list.body()).contains("\"code\":\"login_required\"");
        HttpResponse<String> issue = api.send(api.request("/api/tokens").header("Authorization", all)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"wider\",\"abilities\":[\"admin\"]}")));
        assertThat(issue.statusCode()).isEqualTo(403);
        assertThat(issue.body()).contains("\"code\":\"login_required\"");
    }

    @Test
    void sessionUserWhenTokenAlsoSentThenTheTokenDecides() {
        Session alice = Session.login(port, "alice", "alice-pw");
        String reader = token("bob", "orders:read");
        HttpResponse<String> delete = alice.http().send(alice.http().request("/api/orders/7")
                .header("Authorization", reader).header("X-XSRF-TOKEN", alice.xsrf()).DELETE());
        assertThat(delete.statusCode()).isEqualTo(403);
        assertThat(delete.body()).contains("\"code\":\"insufficient_scope\"");
        assertThat(alice.http().get("/api/owner", reader).body()).isEqualTo("acme/bob token=script");
    }
}
