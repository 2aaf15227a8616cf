package dev.klink.tokens.benchmarks;

import static dev.klink.tokens.testing.VerificationResultAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.klink.tokens.InMemoryTokenStore;
import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.VerificationFailure;
import dev.klink.tokens.VerificationResult;
import dev.klink.tokens.spi.TokenStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openjdk.jmh.infra.Blackhole;

/** The benchmarks measure what they claim: each contender accepts its credential, each rejection is the one named. */
// one set-up for all tests: it makes an RSA key pair and a bcrypt hash
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VerifyBenchmarkTest {

    private final VerifyBenchmark benchmark = new VerifyBenchmark();
    private final VerifyBenchmark.Contenders contenders = new VerifyBenchmark.Contenders();
    private final VerifyBenchmark.PerThread thread = new VerifyBenchmark.PerThread();
    private final Blackhole blackhole = new Blackhole(
            "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

    @BeforeAll
    void setUp() throws Exception {
        contenders.setUp();
        thread.setUp(contenders);
    }

    @AfterAll
    void tearDown() {
        contenders.tearDown();
        blackhole.evaporate("Yes, I am Stephen Hawking, and know a thing or two about black holes.");
    }

    @Test
    void klinkInMemoryWhenRunThenValidForTheOwner() {
        VerificationResult result = benchmark.klinkInMemory(contenders, thread);

        assertThat(result).isValid().hasPrincipalOwnerId(Fixtures.OWNER).hasPrincipalAbilities(Fixtures.ABILITY);
    }

    @Test
    void klinkInMemoryRequestWhenRunThenValidInTheTenantWithTheAbility() {
        VerificationResult result = benchmark.klinkInMemoryRequest(contenders, thread);

        assertThat(result).isValid().hasPrincipalOwnerId(Fixtures.OWNER).hasPrincipalAbilities(Fixtures.ABILITY);
        assertThat(result.requirePrincipal().tenantId()).isEqualTo(Fixtures.TENANT);
    }

    @Test
    void klinkInMemoryNoUsageWhenRunThenValid() {
        assertThat(benchmark.klinkInMemoryNoUsage(contenders, thread)).isValid();
    }

    @Test
    void klinkRejectBadChecksumWhenRunThenMalformed() {
        assertThat(benchmark.klinkRejectBadChecksum(contenders)).isFailed(VerificationFailure.MALFORMED);
    }

    @Test
    void klinkRejectUnknownIdWhenRunThenNotFound() {
        assertThat(benchmark.klinkRejectUnknownId(contenders)).isFailed(VerificationFailure.NOT_FOUND);
    }

    @Test
    void badChecksumWhenVerifiedThenStoreNeverRead() {
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        try (TokenService service = TokenService.builder(counting(new InMemoryTokenStore(), calls))
                .hasher(Fixtures.klinkHasher()).backgroundUsageFlush(false).build()) {
            String token = service.issue(IssueRequest.builder(Fixtures.TENANT, Fixtures.OWNER).name("t")
                    .abilities(Fixtures.ABILITY).expiresInDays(1).build()).plaintext();
            calls.clear();

            VerificationResult result = service.verify(VerifyBenchmark.withBadChecksum(token));

            assertThat(result).isFailed(VerificationFailure.MALFORMED);
            assertThat(calls).isEmpty();
        }
    }

    @Test
    void unknownIdWhenVerifiedThenOneStoreRead() {
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        try (TokenService service = TokenService.builder(counting(new InMemoryTokenStore(), calls))
                .hasher(Fixtures.klinkHasher()).backgroundUsageFlush(false).build()) {
            VerificationResult result = service.verify(contenders.unknownIdToken);

            assertThat(result).isFailed(VerificationFailure.NOT_FOUND);
            assertThat(calls).containsOnlyKeys("findById");
            assertThat(calls.get("findById")).hasValue(1);
        }
    }

    @Test
    void cryptoFloorWhenRunThenMacMatches() throws Exception {
        assertThat(benchmark.cryptoFloor(thread)).isTrue();
    }

    @Test
    void jwtContendersWhenRunThenAcceptAndReadOwnerAndScope() throws Exception {
        // each benchmark method throws when the signature, the expiry or the parsing fails
        assertThatCode(() -> benchmark.jjwtHs256(contenders, blackhole)).doesNotThrowAnyException();
        assertThatCode(() -> benchmark.auth0Hs256(contenders, blackhole)).doesNotThrowAnyException();
        assertThatCode(() -> benchmark.nimbusHs256(contenders, blackhole)).doesNotThrowAnyException();
        assertThatCode(() -> benchmark.nimbusRs256(contenders, blackhole)).doesNotThrowAnyException();

        // and what each one hands the blackhole is the token's owner and scope
        var jjwt = contenders.jjwtParser.parseSignedClaims(contenders.hs256Jwt).getPayload();
        assertThat(List.of(jjwt.getSubject(), jjwt.get("scope", String.class)))
                .containsExactly(Fixtures.OWNER, Fixtures.ABILITY);
        var auth0 = contenders.auth0Verifier.verify(contenders.hs256Jwt);
        assertThat(List.of(auth0.getSubject(), auth0.getClaim("scope").asString()))
                .containsExactly(Fixtures.OWNER, Fixtures.ABILITY);
        var nimbusHs = contenders.nimbusHs256Processor.process(contenders.hs256Jwt, null);
        assertThat(List.of(nimbusHs.getSubject(), nimbusHs.getStringClaim("scope")))
                .containsExactly(Fixtures.OWNER, Fixtures.ABILITY);
        var nimbusRs = contenders.nimbusRs256Processor.process(contenders.rs256Jwt, null);
        assertThat(List.of(nimbusRs.getSubject(), nimbusRs.getStringClaim("scope")))
                .containsExactly(Fixtures.OWNER, Fixtures.ABILITY);
    }

    @Test
    void jwtWhenSignatureAlteredThenEveryContenderRejects() {
        String jwt = contenders.hs256Jwt;
        String altered = jwt.substring(0, jwt.length() - 2) + (jwt.endsWith("AA") ? "BB" : "AA");

        assertThat(rejects(() -> contenders.jjwtParser.parseSignedClaims(altered))).isTrue();
        assertThat(rejects(() -> contenders.auth0Verifier.verify(altered))).isTrue();
        assertThat(rejects(() -> contenders.nimbusHs256Processor.process(altered, null))).isTrue();
    }

    @Test
    void bcryptVerifyWhenRunThenMatches() {
        assertThat(benchmark.bcryptVerify(contenders)).isTrue();
    }

    @Test
    void withBadChecksumWhenAppliedThenOnlyLastCharacterDiffers() {
        String token = thread.token;
        String bad = VerifyBenchmark.withBadChecksum(token);

        assertThat(bad).hasSameSizeAs(token).isNotEqualTo(token);
        assertThat(bad.substring(0, bad.length() - 1)).isEqualTo(token.substring(0, token.length() - 1));
    }

    private interface Call {
        void run() throws Exception;
    }

    private static boolean rejects(Call call) {
        try {
            call.run();
            return false;
        } catch (Exception e) {
            return true;
        }
    }

    /** The store, counting every call by method name. */
    private static TokenStore counting(TokenStore store, Map<String, AtomicInteger> calls) {
        return (TokenStore) Proxy.newProxyInstance(TokenStore.class.getClassLoader(), new Class<?>[] {TokenStore.class},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.invoke(store, args);
                    }
                    calls.computeIfAbsent(method.getName(), name -> new AtomicInteger()).incrementAndGet();
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
