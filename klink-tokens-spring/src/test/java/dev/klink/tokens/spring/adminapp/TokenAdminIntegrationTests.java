package dev.klink.tokens.spring.adminapp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.IssuedToken;
import dev.klink.tokens.TokenEvent;
import dev.klink.tokens.TokenInfo;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.TokenStatus;
import dev.klink.tokens.spring.Http;
import dev.klink.tokens.spring.Session;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tenant admin endpoints: an administrator sees and revokes every token of their own tenant and of no other
 * (another tenant's token answers exactly as an unknown one), everyone else is refused, and bad parameters are 400s
 * naming the parameter.
 */
@SpringBootTest(classes = AdminApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("adminapp")
class TokenAdminIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Well-formed, and no store holds it. */
    private static final String UNKNOWN_ID = "AAAAAAAAAAAAAAAA";

    @LocalServerPort
    int port;

    @Autowired
    TokenService tokens;

    private Session login(String user) {
        return Session.login(port, user, user + "-pw");
    }

    private IssuedToken issue(String tenant, String owner, String name) {
        return tokens.issue(IssueRequest.builder(tenant, owner).name(name).abilities("orders:read").build());
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(json(response).get("code").asString()).isEqualTo(code);
    }

    private static void assertInvalid(HttpResponse<String> response, String field) {
        assertProblem(response, 400, "invalid_request");
        assertThat(json(response).get("field").asString()).isEqualTo(field);
    }

    private static List<String> ids(HttpResponse<String> listed) {
        List<String> ids = new ArrayList<>();
        json(listed).get("items").forEach(item -> ids.add(item.get("id").asString()));
        return ids;
    }

    private TokenStatus status(String tenant, IssuedToken token) {
        return tokens.get(tenant, token.info().id()).orElseThrow().status();
    }

    // ---------------------------------------------------------------- the administrator's own tenant

    @Test
    void listWhenAdminThenEveryOwnersTokensOfTheTenantNewestFirstWithTheirOwner() {
        IssuedToken alices = issue("acme", "list-alice", "alice's");
        IssuedToken bobs = issue("acme", "list-bob", "bob's");
        IssuedToken ginas = issue("globex", "list-alice", "globex's");

        HttpResponse<String> listed = login("ada").get("/api/tokens/admin?size=100");

        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        assertThat(listed.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode body = json(listed);
        assertThat(body.get("tenantId").asString()).isEqualTo("acme");
        List<String> ids = ids(listed);
        assertThat(ids).containsSubsequence(bobs.info().id(), alices.info().id())
                .doesNotContain(ginas.info().id());
        JsonNode first = body.get("items").get(ids.indexOf(bobs.info().id()));
        assertThat(first.get("ownerId").asString()).isEqualTo("list-bob");
        assertThat(first.get("name").asString()).isEqualTo("bob's");
        assertThat(first.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(first.get("hint").asString()).isEqualTo(bobs.info().hint());
        assertThat(listed.body()).doesNotContain(bobs.plaintext()).doesNotContain("hash");
    }

    @Test
    void listWhenPagedThenNextCursorFetchesTheRestOnceAndNoCursorOnTheLastPage() {
        List<String> newestFirst = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            newestFirst.add(0, issue("acme", "pager", "page " + i).info().id());
        }
        Session ada = login("ada");

        HttpResponse<String> first = ada.get("/api/tokens/admin?owner=pager&size=2");
        String cursor1 = json(first).get("nextCursor").asString();
        HttpResponse<String> second = ada.get("/api/tokens/admin?owner=pager&size=2&cursor=" + cursor1);
        String cursor2 = json(second).get("nextCursor").asString();
        HttpResponse<String> third = ada.get("/api/tokens/admin?owner=pager&size=2&cursor=" + cursor2);

        assertThat(ids(first)).containsExactlyElementsOf(newestFirst.subList(0, 2));
        assertThat(ids(second)).containsExactlyElementsOf(newestFirst.subList(2, 4));
        assertThat(ids(third)).containsExactly(newestFirst.get(4));
        assertThat(json(third).get("nextCursor").isNull()).isTrue();
    }

    @Test
    void listFiltersByStatusCaseInsensitivelyAndByOwner() {
        IssuedToken kept = issue("acme", "filter-owner", "kept");
        IssuedToken revoked = issue("acme", "filter-owner", "revoked");
        tokens.revoke("acme", revoked.info().id(), "someone", null);
        Session ada = login("ada");

        assertThat(ids(ada.get("/api/tokens/admin?owner=filter-owner&status=revoked")))
                .containsExactly(revoked.info().id());
        assertThat(ids(ada.get("/api/tokens/admin?owner=filter-owner&status=Active")))
                .containsExactly(kept.info().id());
        assertThat(ids(ada.get("/api/tokens/admin?owner=filter-owner&status=EXPIRED"))).isEmpty();
    }

    @Test
    void getWhenAdminThenAnyOwnersTokenOfTheTenant() {
        IssuedToken bobs = issue("acme", "get-bob", "bob's");

        HttpResponse<String> shown = login("ada").get("/api/tokens/admin/" + bobs.info().id());

        assertThat(shown.statusCode()).as(shown.body()).isEqualTo(200);
        assertThat(json(shown).get("ownerId").asString()).isEqualTo("get-bob");
        assertThat(json(shown).get("id").asString()).isEqualTo(bobs.info().id());
    }

    @Test
    void revokeWhenAdminThen204AndTheAdminRecordedAsActorWithARevokedEvent() {
        IssuedToken bobs = issue("acme", "revoke-bob", "bob's");
        AdminApp.EVENTS.clear();

        HttpResponse<String> revoked = login("ada").delete("/api/tokens/admin/" + bobs.info().id());

        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(204);
        TokenInfo info = tokens.get("acme", bobs.info().id()).orElseThrow();
        assertThat(info.status()).isEqualTo(TokenStatus.REVOKED);
        assertThat(info.revokedBy()).isEqualTo("ada");
        assertThat(info.revokeReason()).isEqualTo("revoked by a tenant admin");
        assertThat(AdminApp.EVENTS).filteredOn(TokenEvent.Revoked.class::isInstance)
                .map(TokenEvent.Revoked.class::cast)
                .singleElement()
                .satisfies(event -> {
                    assertThat(event.actor()).isEqualTo("ada");
                    assertThat(event.token().id()).isEqualTo(bobs.info().id());
                });
    }

    @Test
    void offboardWhenAdminThenEveryTokenOfTheOwnerRevokedByTheAdminAndOthersUntouched() {
        IssuedToken first = issue("acme", "leaver", "one");
        IssuedToken second = issue("acme", "leaver", "two");
        IssuedToken colleagues = issue("acme", "stayer", "three");
        AdminApp.EVENTS.clear();

        HttpResponse<String> offboarded = login("ada").delete("/api/tokens/admin/owners/leaver/tokens");

        assertThat(offboarded.statusCode()).as(offboarded.body()).isEqualTo(200);
        assertThat(json(offboarded).get("ownerId").asString()).isEqualTo("leaver");
        assertThat(json(offboarded).get("revoked").asInt()).isEqualTo(2);
        for (IssuedToken token : List.of(first, second)) {
            TokenInfo info = tokens.get("acme", token.info().id()).orElseThrow();
            assertThat(info.status()).isEqualTo(TokenStatus.REVOKED);
            assertThat(info.revokedBy()).isEqualTo("ada");
        }
        assertThat(status("acme", colleagues)).isEqualTo(TokenStatus.ACTIVE);
        assertThat(AdminApp.EVENTS).filteredOn(TokenEvent.BulkRevoked.class::isInstance)
                .containsExactly(new TokenEvent.BulkRevoked(AdminApp.EVENTS.get(0).at(), "acme", "leaver", 2, "ada",
                        "owner offboarded by a tenant admin"));
    }

    // ---------------------------------------------------------------- another tenant: as if it did not exist

    @Test
    void everyEndpointWhenAdminOfAcmeAimsAtGlobexThenSameAnswerAsUnknownAndNothingChanges() {
        assertCannotReach("ada", "globex", "gina");
    }

    @Test
    void everyEndpointWhenAdminOfGlobexAimsAtAcmeThenSameAnswerAsUnknownAndNothingChanges() {
        assertCannotReach("gabe", "acme", "alice");
    }

    private void assertCannotReach(String admin, String otherTenant, String otherOwner) {
        String owner = otherOwner + "-matrix-" + admin;
        IssuedToken theirs = issue(otherTenant, owner, "not yours");
        Session session = login(admin);
        String id = theirs.info().id();

        HttpResponse<String> list = session.get("/api/tokens/admin?size=100&owner=" + owner);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(ids(list)).isEmpty();
        assertThat(session.get("/api/tokens/admin?size=100").body()).doesNotContain(id);

        HttpResponse<String> get = session.get("/api/tokens/admin/" + id);
        HttpResponse<String> getUnknown = session.get("/api/tokens/admin/" + UNKNOWN_ID);
        assertProblem(get, 404, "token_not_found");
        assertThat(get.body()).isEqualTo(getUnknown.body());

        HttpResponse<String> revoke = session.delete("/api/tokens/admin/" + id);
        HttpResponse<String> revokeUnknown = session.delete("/api/tokens/admin/" + UNKNOWN_ID);
        assertProblem(revoke, 404, "token_not_found");
        assertThat(revoke.body()).isEqualTo(revokeUnknown.body());

        HttpResponse<String> offboard = session.delete("/api/tokens/admin/owners/" + owner + "/tokens");
        HttpResponse<String> offboardUnknown = session.delete("/api/tokens/admin/owners/nobody-" + admin
                + "/tokens");
        assertThat(offboard.statusCode()).isEqualTo(200);
        assertThat(json(offboard).get("revoked").asInt()).isZero();
        assertThat(json(offboardUnknown).get("revoked").asInt()).isZero();

        TokenInfo after = tokens.get(otherTenant, id).orElseThrow();
        assertThat(after.status()).isEqualTo(TokenStatus.ACTIVE);
        assertThat(after.revokedBy()).isNull();
    }

    // ---------------------------------------------------------------- who may call

    private static Map<String, Function<HttpRequest.Builder, HttpRequest.Builder>> endpoints(String id) {
        Map<String, Function<HttpRequest.Builder, HttpRequest.Builder>> endpoints = new LinkedHashMap<>();
        endpoints.put("/api/tokens/admin", HttpRequest.Builder::GET);
        endpoints.put("/api/tokens/admin/" + id, HttpRequest.Builder::GET);
        endpoints.put("DELETE /api/tokens/admin/" + id, HttpRequest.Builder::DELETE);
        endpoints.put("DELETE /api/tokens/admin/owners/victim/tokens", HttpRequest.Builder::DELETE);
        return endpoints;
    }

    @Test
    void everyEndpointWhenSignedInUserIsNoAdminThen403AdminRequiredAndNothingChanges() {
        IssuedToken victims = issue("acme", "victim", "victim's");
        IssuedToken ginas = issue("globex", "victim", "victim's");
        for (String user : List.of("alice", "gina")) { // gina holds TOKENS_ADMIN without the ROLE_ prefix
            Session session = login(user);
            for (var endpoint : endpoints(victims.info().id()).entrySet()) {
                String path = endpoint.getKey().substring(endpoint.getKey().indexOf('/'));
                HttpResponse<String> response = session.http().send(endpoint.getValue()
                        .apply(session.http().request(path).header("X-XSRF-TOKEN", session.xsrf())));
                assertProblem(response, 403, "admin_required");
            }
        }
        assertThat(status("acme", victims)).isEqualTo(TokenStatus.ACTIVE);
        assertThat(status("globex", ginas)).isEqualTo(TokenStatus.ACTIVE);
    }

    @Test
    void everyEndpointWhenAuthenticatedByAnAdminsBearerTokenThen403LoginRequired() {
        IssuedToken adas = issue("acme", "ada", "ada's script");
        IssuedToken victims = issue("acme", "victim", "victim's");
        Http api = Http.stateless(port);
        for (var endpoint : endpoints(victims.info().id()).entrySet()) {
            String path = endpoint.getKey().substring(endpoint.getKey().indexOf('/'));
            HttpResponse<String> response = api.send(endpoint.getValue().apply(api.request(path)
                    .header("Authorization", "Bearer " + adas.plaintext())));
            assertProblem(response, 403, "login_required");
        }
        assertThat(status("acme", victims)).isEqualTo(TokenStatus.ACTIVE);
    }

    @Test
    void listWhenNobodySignedInThen401() {
        HttpResponse<String> response = Http.stateless(port).get("/api/tokens/admin");

        assertThat(response.statusCode()).isEqualTo(401);
    }

    // ---------------------------------------------------------------- bad parameters

    @Test
    void listWhenCursorTamperedThen400NamingCursor() {
        Session ada = login("ada");
        for (int i = 0; i < 3; i++) {
            issue("acme", "tamper", "t" + i);
        }
        String cursor = json(ada.get("/api/tokens/admin?owner=tamper&size=1")).get("nextCursor").asString();
        // The first character carries the format's "k1." prefix: changed there, no id makes it a cursor again.
        // (A change among the id's characters may spell another valid position, which is answered like any other.)
        assertThat(cursor).startsWith("a");
        String changed = "b" + cursor.substring(1);

        assertInvalid(ada.get("/api/tokens/admin?cursor=" + changed), "cursor");
        assertInvalid(ada.get("/api/tokens/admin?cursor=" + cursor + "%00"), "cursor");
        assertInvalid(ada.get("/api/tokens/admin?cursor=not-a-cursor"), "cursor");
        assertInvalid(ada.get("/api/tokens/admin?cursor=" + "A".repeat(5000)), "cursor");
        assertThat(json(ada.get("/api/tokens/admin?cursor=not-a-cursor")).get("detail").asString())
                .isEqualTo("cursor is malformed: pass back the nextCursor of the previous page unchanged");
    }

    @Test
    void listWhenStatusSizeOrOwnerInvalidThen400NamingTheParameter() {
        Session ada = login("ada");

        assertInvalid(ada.get("/api/tokens/admin?status=rotated"), "status");
        assertInvalid(ada.get("/api/tokens/admin?status=deleted"), "status");
        assertInvalid(ada.get("/api/tokens/admin?size=0"), "size");
        assertInvalid(ada.get("/api/tokens/admin?size=101"), "size");
        assertInvalid(ada.get("/api/tokens/admin?size=ten"), "size");
        assertInvalid(ada.get("/api/tokens/admin?owner=%20padded%20"), "owner");
        assertInvalid(ada.get("/api/tokens/admin?owner=" + "o".repeat(129)), "owner");
    }

    @Test
    void offboardWhenOwnerIdInvalidThen400NamingOwnerId() {
        assertInvalid(login("ada").delete("/api/tokens/admin/owners/%20/tokens"), "ownerId");
    }
}
