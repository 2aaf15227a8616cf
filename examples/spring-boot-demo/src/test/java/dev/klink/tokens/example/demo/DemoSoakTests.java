package dev.klink.tokens.example.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.IssuedToken;
import dev.klink.tokens.TokenFormat;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.testing.LoadLoop;
import dev.klink.tokens.testing.MutableClock;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.bean.override.convention.TestBean;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A soak: 60 s (or {@code -Dklink.soak.seconds}) of mixed traffic from four threads against the demo on loopback,
 * each answer checked against the status and {@code code} its request must get; no 5xx, no wrong answer, and the
 * heap after a forced GC at the 10th second and at the end. Not part of the build: run it with
 * {@code -Dklink.soak=true} (see docs/security/soak.md).
 */
@EnabledIfSystemProperty(named = "klink.soak", matches = "true",
        disabledReason = "the soak runs for a minute; run it with -Dklink.soak=true (see docs/security/soak.md)")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.datasource.url=jdbc:h2:mem:klink-demo-soak;DB_CLOSE_DELAY=-1")
class DemoSoakTests {

    static final MutableClock CLOCK = MutableClock.at("2026-10-01T08:00:00Z");

    /** The kinds of request, in turn; each knows the answer it must get. */
    private enum Kind {
        VALID, WRONG_SECRET, BAD_CHECKSUM, REVOKED_MID_RUN, EXPIRED, OTHER_TENANT, INSUFFICIENT_ABILITY
    }

    /** One answer: its kind, status, {@code code} (or detail), and whether it was the expected one. */
    private record Answer(Kind kind, int status, @Nullable String code, boolean expected) {
    }

    @TestBean
    Clock clock;

    static Clock clock() {
        return CLOCK;
    }

    @LocalServerPort
    int port;

    @Autowired
    TokenService tokens;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void soakWhenMixedTrafficForAMinuteThenNo5xxNoWrongAnswerAndStableHeap() throws Exception {
        Duration length = Duration.ofSeconds(Long.getLong("klink.soak.seconds", 60));
        String valid = issue("acme", "alice", Duration.ofDays(30), "orders:read").plaintext();
        IssuedToken revoked = issue("acme", "bob", Duration.ofDays(30), "orders:read");
        String expired = issue("acme", "carol", Duration.ofDays(1), "orders:read").plaintext();
        String otherTenant = issue("globex", "dave", Duration.ofDays(30), "orders:read").plaintext();
        String noAbility = issue("acme", "erin", Duration.ofDays(30), "customers:read").plaintext();
        IssuedToken victim = issue("acme", "frank", Duration.ofDays(30), "orders:read");
        String wrongSecret = TokenFormat.format(tokens.prefix(), victim.info().id(),
                TokenFormat.randomSecret(new SecureRandom()));
        String badChecksum = flipLast(valid);
        CLOCK.advance(Duration.ofDays(2));
        Map<Kind, String> bearer = new EnumMap<>(Map.of(Kind.VALID, valid, Kind.WRONG_SECRET, wrongSecret,
                Kind.BAD_CHECKSUM, badChecksum, Kind.REVOKED_MID_RUN, revoked.plaintext(), Kind.EXPIRED, expired,
                Kind.OTHER_TENANT, otherTenant, Kind.INSUFFICIENT_ABILITY, noAbility));
        // nanoTime at which the revocation started and returned; before and after, the revoked token's answer is fixed
        long[] revocation = {Long.MAX_VALUE, Long.MAX_VALUE};
        Kind[] kinds = Kind.values();

        // tallied as they come, so that the client's memory does not grow with the requests
        Map<Kind, LongAdder> perKind = new EnumMap<>(Kind.class);
        for (Kind kind : kinds) {
            perKind.put(kind, new LongAdder());
        }
        LongAdder serverErrors = new LongAdder();
        LongAdder revokedBefore = new LongAdder();
        LongAdder revokedAfter = new LongAdder();
        Queue<Answer> wrong = new ConcurrentLinkedQueue<>();
        long start = System.nanoTime();
        LoadLoop<Answer> load = LoadLoop.startDiscarding(4, Integer.MAX_VALUE, length, i -> {
            Kind kind = kinds[i % kinds.length];
            long sent = System.nanoTime();
            String path = kind == Kind.OTHER_TENANT ? "/api/v1/orders/ACME-1001" : "/api/v1/orders";
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + path)).header("Authorization", "Bearer " + bearer.get(kind)).timeout(Duration.ofSeconds(10))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            Answer answer = check(kind, response, sent, revocation);
            perKind.get(kind).increment();
            if (answer.status() >= 500) {
                serverErrors.increment();
            }
            if (kind == Kind.REVOKED_MID_RUN) {
                (answer.status() == 200 ? revokedBefore : revokedAfter).increment();
            }
            if (!answer.expected() && wrong.size() < 100) {
                wrong.add(answer);
            }
            return answer;
        });
        sleepUntil(start, length.dividedBy(3));
        revocation[0] = System.nanoTime();
        tokens.revoke("acme", revoked.info().id(), "soak", "revoked mid-run");
        revocation[1] = System.nanoTime();
        sleepUntil(start, Duration.ofSeconds(10).compareTo(length) < 0 ? Duration.ofSeconds(10) : length);
        long heapAt10 = heapAfterGc();
        load.await();
        long heapAtEnd = heapAfterGc();
        int calls = load.completed();

        double seconds = Duration.ofNanos(System.nanoTime() - start).toMillis() / 1000.0;
        System.out.printf("soak: %d requests in %.1f s (%.0f/s), %d 5xx, %d wrong; per kind %s; revoked mid-run: %d"
                + " answered 200 before, %d token_revoked after; heap after GC %d KiB at 10 s, %d KiB at the end%n",
                calls, seconds, calls / seconds, serverErrors.sum(), wrong.size(), perKind, revokedBefore.sum(),
                revokedAfter.sum(), heapAt10 >> 10, heapAtEnd >> 10);
        assertThat(serverErrors.sum()).isZero();
        assertThat(wrong).as("wrong answers").isEmpty();
        assertThat(perKind.values()).allSatisfy(count -> assertThat(count.sum()).isPositive());
        assertThat(revokedBefore.sum()).as("the revoked token's answers before the revocation").isPositive();
        assertThat(revokedAfter.sum()).as("the revoked token's answers after the revocation").isPositive();
        assertThat(heapAtEnd).as("heap after GC at the end against at 10 s").isLessThan(heapAt10 + (16L << 20));
    }

    private IssuedToken issue(String tenant, String owner, Duration lifetime, String ability) {
        return tokens.issue(IssueRequest.builder(tenant, owner).name("soak").abilities(ability)
                .expiresAfter(lifetime).build());
    }

    private Answer check(Kind kind, HttpResponse<String> response, long sent, long[] revocation) {
        int status = response.statusCode();
        String code = null;
        if (status >= 400) {
            JsonNode body = json.readTree(response.body());
            code = body.has("code") ? body.get("code").asString() : body.path("detail").asString();
        }
        boolean expected = switch (kind) {
            case VALID -> status == 200;
            case WRONG_SECRET, BAD_CHECKSUM -> status == 401 && "invalid_token".equals(code);
            case EXPIRED -> status == 401 && "token_expired".equals(code);
            case OTHER_TENANT -> status == 404 && "No order ACME-1001".equals(code);
            case INSUFFICIENT_ABILITY -> status == 403 && "insufficient_scope".equals(code);
            case REVOKED_MID_RUN -> {
                boolean before = System.nanoTime() < revocation[0];
                boolean after = sent > revocation[1];
                boolean revokedAnswer = status == 401 && "token_revoked".equals(code);
                yield before ? status == 200 : after ? revokedAnswer : status == 200 || revokedAnswer;
            }
        };
        return new Answer(kind, status, code, expected);
    }

    private static String flipLast(String token) {
        char last = token.charAt(token.length() - 1);
        return token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
    }

    private static void sleepUntil(long start, Duration offset) throws InterruptedException {
        long wait = start + offset.toNanos() - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(Duration.ofNanos(wait).toMillis());
        }
    }

    private static long heapAfterGc() {
        System.gc();
        return Objects.requireNonNull(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage()).getUsed();
    }
}
