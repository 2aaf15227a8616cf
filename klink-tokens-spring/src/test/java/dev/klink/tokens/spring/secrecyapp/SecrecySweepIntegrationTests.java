package dev.klink.tokens.spring.secrecyapp;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.klink.tokens.ParsedToken;
import dev.klink.tokens.TokenFormat;
import dev.klink.tokens.spring.Http;
import dev.klink.tokens.spring.Session;
import dev.klink.tokens.testing.MutableClock;
import dev.klink.tokens.testing.SecretLeaks;
import dev.klink.tokens.testing.TraceLogCapture;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole token lifecycle through Spring (Tomcat, Spring Security, the management endpoints, the JDBI store on H2
 * through HikariCP, Micrometer) with every logger at TRACE (Spring, Tomcat through the JUL bridge, HikariCP, JDBI, H2,
 * klink): issue, use, fail every way, rotate, revoke, and a store outage. No token, secret, secret with checksum or
 * {@code Authorization} value may show in a log event, an event, a metric's name or tags, or a response.
 */
@SpringBootTest(classes = SecrecyApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("secrecyapp")
class SecrecySweepIntegrationTests {

    /** The one logger allowed to show what the client sent: Tomcat's raw request buffer, at DEBUG. */
    static final String TOMCAT_HEADER_LOGGER = "log org.apache.coyote.http11.Http11InputBuffer DEBUG";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    SecrecyApp.OutageDataSource dataSource;

    @Autowired
    SecrecyApp.Events events;

    @Autowired
    MeterRegistry meters;

    private final SecretLeaks leaks = SecretLeaks.create();
    private final Random random = new Random(21);
    private Http api;

    @Test
    void lifecycleThroughSpringWhenEveryLoggerAtTraceThenNoSecretInLogsEventsMetricsOrResponses() {
        api = Http.stateless(port);
        int eventsBefore = events.all().size();
        java.util.List<ILoggingEvent> logged;
        try (TraceLogCapture logs = TraceLogCapture.start()) {
            lifecycle();
            logged = logs.events();
            logs.reportTo(leaks);
        } finally {
            dataSource.down(false);
        }
        events.all().stream().skip(eventsBefore)
                .forEach(event -> leaks.text("event " + event.getClass().getSimpleName(), event));
        for (Meter meter : meters.getMeters()) {
            leaks.text("meter", meter.getId());
        }

        assertThat(events.all()).extracting(event -> event.getClass().getSimpleName())
                .contains("Issued", "Rotated", "Revoked", "VerificationFailed");
        assertThat(meters.find("klink.tokens.verifications").counters()).isNotEmpty();
        assertThat(logged).extracting(ILoggingEvent::getLoggerName)
                .anyMatch(name -> name.startsWith("org.springframework.security"))
                .anyMatch(name -> name.startsWith("org.apache.catalina") || name.startsWith("org.apache.tomcat")
                        || name.startsWith("org.apache.coyote"))
                .anyMatch(name -> name.startsWith("dev.klink.tokens"));
        assertThat(leaks.secretCount()).isGreaterThanOrEqualTo(29);
        // Tomcat's own input buffer logs the raw request head at DEBUG, the Authorization header included: a
        // container behaviour no filter can prevent, so SECURITY.md tells operators to keep that logger above DEBUG
        assertThat(leaks.leaks()).filteredOn(leak -> !leak.startsWith(TOMCAT_HEADER_LOGGER)).isEmpty();
    }

    private void lifecycle() {
        Session alice = Session.login(port, "alice", "alice-pw");
        String reader = issue(alice, "reader", "{\"name\":\"reader\",\"abilities\":[\"orders:read\"]}");
        String writer = issue(alice, "writer", "{\"name\":\"writer\",\"abilities\":[\"orders:write\"]}");
        String shortLived = issue(alice, "short-lived", "{\"name\":\"day\",\"expiresInDays\":1}");
        ParsedToken parts = Objects.requireNonNull(TokenFormat.parse(reader));

        // use, and fail every way
        expect("valid read", bearer(reader, "/api/things", "acme"), 200, null);
        expect("valid write", bearer(writer, "/api/orders/1", "acme"), 200, null);
        expect("malformed", bearer(leaks.token("malformed", reader + "%!"), "/api/things", "acme"), 401,
                "malformed_token");
        String badChecksum = reader.substring(0, reader.length() - 1) + (reader.endsWith("A") ? "B" : "A");
        expect("bad checksum", bearer(leaks.token("bad checksum", badChecksum), "/api/things", "acme"), 401,
                "invalid_token");
        String unknownId = TokenFormat.format(parts.prefix(), TokenFormat.randomId(random), parts.secret());
        expect("unknown id", bearer(leaks.token("unknown id", unknownId), "/api/things", "acme"), 401,
                "invalid_token");
        String wrongSecret = TokenFormat.format(parts.prefix(), parts.id(), TokenFormat.randomSecret(random));
        expect("wrong secret", bearer(leaks.token("wrong secret", wrongSecret), "/api/things", "acme"), 401,
                "invalid_token");
        expect("wrong tenant", bearer(reader, "/api/things", "globex"), 401, "invalid_token");
        expect("insufficient", bearer(reader, "/api/orders/1", "acme"), 403, "insufficient_scope");
        expect("token on management", bearer(writer, "/api/tokens", "acme"), 403, "login_required");
        clock.advance(Duration.ofDays(2));
        expect("expired", bearer(shortLived, "/api/things", "acme"), 401, "token_expired");

        // rotate with grace, revoke
        HttpResponse<String> rotation = alice.post("/api/tokens/" + parts.id() + "/rotate", "");
        expect("rotate", rotation, 201, null);
        String rotated = leaks.token("rotated reader", json(rotation).get("token").asString());
        expect("old in grace", bearer(reader, "/api/things", "acme"), 200, null);
        expect("rotated", bearer(rotated, "/api/things", "acme"), 200, null);
        clock.advance(Duration.ofMinutes(6));
        expect("old after grace", bearer(reader, "/api/things", "acme"), 401, "token_revoked");
        String writerId = Objects.requireNonNull(TokenFormat.parse(writer)).id();
        expect("revoke", alice.delete("/api/tokens/" + writerId), 204, null);
        expect("revoked", bearer(writer, "/api/orders/1", "acme"), 401, "token_revoked");
        expect("list", alice.get("/api/tokens"), 200, null);
        expect("metrics", alice.get("/actuator/metrics/klink.tokens.verifications"), 200, null);

        // the store goes away and comes back
        dataSource.down(true);
        expect("store down", bearer(rotated, "/api/things", "acme"), 503, "token_store_unavailable");
        expect("store down, wrong secret", bearer(wrongSecret, "/api/things", "acme"), 503,
                "token_store_unavailable");
        expect("list while down", alice.get("/api/tokens"), 503, "token_store_unavailable");
        expect("issue while down", alice.post("/api/tokens", "{\"name\":\"down\"}"), 503, "token_store_unavailable");
        expect("health while down", alice.get("/actuator/health"), 503, null);
        dataSource.down(false);
        expect("store back", bearer(rotated, "/api/things", "acme"), 200, null);
    }

    private String issue(Session session, String what, String body) {
        HttpResponse<String> created = session.post("/api/tokens", body);
        expect("issue " + what, created, 201, null);
        return leaks.token(what, json(created).get("token").asString());
    }

    private HttpResponse<String> bearer(String token, String path, String tenant) {
        return api.send(api.request(path).header("Authorization", "Bearer " + token).header("X-Tenant", tenant)
                .GET());
    }

    private void expect(String what, HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(what + ": " + response.body()).isEqualTo(status);
        if (code != null) {
            assertThat(json(response).get("code").asString()).as(what).isEqualTo(code);
        }
        if (!what.startsWith("issue") && !what.equals("rotate")) {
            leaks.text("response " + what, response.headers().map() + " " + response.body());
        } else {
            leaks.text("response headers " + what, response.headers().map());
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }
}
