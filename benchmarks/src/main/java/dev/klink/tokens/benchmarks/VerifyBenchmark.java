package dev.klink.tokens.benchmarks;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.auth0.jwt.interfaces.JWTVerifier;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.proc.SingleKeyJWSKeySelector;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.klink.tokens.AbilityCheck;
import dev.klink.tokens.InMemoryTokenStore;
import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.TokenFormat;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.VerificationResult;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;
import org.mindrot.jbcrypt.BCrypt;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One bearer credential checked per operation, by klink-tokens and by what users would otherwise pick. Every
 * contender does what a real request handler needs: klink returns a principal after the store lookup, hash check and
 * status checks; each JWT library checks the signature, parses the claims and checks the expiry, and the subject and
 * scope are read; bcrypt checks a key hashed like a password.
 *
 * <p>Run with {@code -t 1} and {@code -t 2} to see how each scales over cores. Each benchmark thread verifies its own
 * klink token (different users' requests), all of them in one shared service and store.
 */
@BenchmarkMode(Mode.Throughput)
// a heap of fixed size, its pages touched at start: otherwise the first seconds run slower while the young generation
// first touches (page-faults in) fresh memory, and a fork whose heap grows later measures that instead
@Fork(jvmArgsPrepend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@OutputTimeUnit(TimeUnit.SECONDS)
public class VerifyBenchmark {

    /** Everything that is built once and shared by all threads, as in a server. */
    @State(Scope.Benchmark)
    public static class Contenders {

        final InMemoryTokenStore store = new InMemoryTokenStore();
        TokenService klink;
        TokenService klinkNoUsage;
        /** What a protected endpoint asks for. */
        final AbilityCheck check = AbilityCheck.all(Fixtures.ABILITY);
        String badChecksumToken;
        String unknownIdToken;

        JwtParser jjwtParser;
        JWTVerifier auth0Verifier;
        DefaultJWTProcessor<SecurityContext> nimbusHs256Processor;
        DefaultJWTProcessor<SecurityContext> nimbusRs256Processor;
        String hs256Jwt;
        String rs256Jwt;

        String bcryptKey;
        String bcryptHash;

        @Setup(Level.Trial)
        public void setUp() throws GeneralSecurityException, JOSEException {
            klink = TokenService.builder(store).hasher(Fixtures.klinkHasher()).build();
            klinkNoUsage = TokenService.builder(store).hasher(Fixtures.klinkHasher()).usageTracking(false).build();
            String valid = issue(klink);
            badChecksumToken = withBadChecksum(valid);
            SecureRandom random = new SecureRandom();
            unknownIdToken = TokenFormat.format(TokenFormat.DEFAULT_PREFIX, TokenFormat.randomId(random),
                    TokenFormat.randomSecret(random));

            byte[] key = Fixtures.hmacKey();
            SecretKey secretKey = new SecretKeySpec(key, "HmacSHA256");
            hs256Jwt = sign(new MACSigner(key), JWSAlgorithm.HS256);
            jjwtParser = Jwts.parser().verifyWith(secretKey).build();
            auth0Verifier = JWT.require(Algorithm.HMAC256(key)).build();
            nimbusHs256Processor = new DefaultJWTProcessor<>();
            nimbusHs256Processor.setJWSKeySelector(new SingleKeyJWSKeySelector<>(JWSAlgorithm.HS256, secretKey));

            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair rsa = generator.generateKeyPair();
            rs256Jwt = sign(new RSASSASigner(rsa.getPrivate()), JWSAlgorithm.RS256);
            nimbusRs256Processor = new DefaultJWTProcessor<>();
            nimbusRs256Processor.setJWSKeySelector(new SingleKeyJWSKeySelector<>(JWSAlgorithm.RS256,
                    (RSAPublicKey) rsa.getPublic()));

            bcryptKey = issue(klink);
            bcryptHash = BCrypt.hashpw(bcryptKey, BCrypt.gensalt(10));
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            klink.close();
            klinkNoUsage.close();
        }

        String issue(TokenService service) {
            return service.issue(IssueRequest.builder(Fixtures.TENANT, Fixtures.OWNER).name(Fixtures.TOKEN_NAME)
                    .abilities(Fixtures.ABILITY).expiresAfter(Fixtures.LIFETIME).build()).plaintext();
        }

        private static String sign(JWSSigner signer, JWSAlgorithm algorithm) throws JOSEException {
            Instant now = Instant.now();
            JWTClaimsSet claims = new JWTClaimsSet.Builder()
                    .subject(Fixtures.OWNER)
                    .claim("tenant", Fixtures.TENANT)
                    .claim("scope", Fixtures.ABILITY)
                    .jwtID("0123456789abcdef")
                    .issueTime(Date.from(now))
                    .expirationTime(Date.from(Fixtures.expiry()))
                    .build();
            SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims);
            jwt.sign(signer);
            return jwt.serialize();
        }
    }

    /** What each benchmark thread owns: its own token and, for the floor, its own {@link Mac}. */
    @State(Scope.Thread)
    public static class PerThread {

        String token;
        Mac mac;
        byte[] tokenBytes;
        byte[] expectedMac;
        final byte[] macOut = new byte[32];

        @Setup(Level.Trial)
        public void setUp(Contenders contenders) throws GeneralSecurityException {
            token = contenders.issue(contenders.klink);
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Fixtures.hmacKey(), "HmacSHA256"));
            tokenBytes = token.getBytes(StandardCharsets.US_ASCII);
            expectedMac = mac.doFinal(tokenBytes);
        }
    }

    /** A valid token with usage recording on: the everyday request. */
    @Benchmark
    public VerificationResult klinkInMemory(Contenders contenders, PerThread thread) {
        return contenders.klink.verify(thread.token);
    }

    /**
     * What the servlet filter asks for a request: a valid token in the expected tenant, with the ability the
     * endpoint needs, recording the client's address as its last use.
     */
    @Benchmark
    public VerificationResult klinkInMemoryRequest(Contenders contenders, PerThread thread) {
        return contenders.klink.verify(thread.token, Fixtures.TENANT, contenders.check, Fixtures.CLIENT_IP);
    }

    @Benchmark
    public VerificationResult klinkInMemoryNoUsage(Contenders contenders, PerThread thread) {
        return contenders.klinkNoUsage.verify(thread.token);
    }

    /** A typo or a random string: rejected by the checksum before the store is asked. */
    @Benchmark
    public VerificationResult klinkRejectBadChecksum(Contenders contenders) {
        return contenders.klink.verify(contenders.badChecksumToken);
    }

    /** Well-formed but never issued: one store lookup plus a decoy hash, so that it costs what a wrong secret does. */
    @Benchmark
    public VerificationResult klinkRejectUnknownId(Contenders contenders) {
        return contenders.klink.verify(contenders.unknownIdToken);
    }

    /** The least any verification of a hashed token can cost: one HMAC-SHA256 of the token and a constant-time compare. */
    @Benchmark
    public boolean cryptoFloor(PerThread thread) throws ShortBufferException {
        thread.mac.update(thread.tokenBytes);
        thread.mac.doFinal(thread.macOut, 0);
        return MessageDigest.isEqual(thread.macOut, thread.expectedMac);
    }

    @Benchmark
    public void jjwtHs256(Contenders contenders, Blackhole blackhole) {
        Claims claims = contenders.jjwtParser.parseSignedClaims(contenders.hs256Jwt).getPayload();
        blackhole.consume(claims.getSubject());
        blackhole.consume(claims.get("scope", String.class));
    }

    @Benchmark
    public void auth0Hs256(Contenders contenders, Blackhole blackhole) {
        DecodedJWT jwt = contenders.auth0Verifier.verify(contenders.hs256Jwt);
        blackhole.consume(jwt.getSubject());
        blackhole.consume(jwt.getClaim("scope").asString());
    }

    @Benchmark
    public void nimbusHs256(Contenders contenders, Blackhole blackhole) throws ParseException, BadJOSEException,
            JOSEException {
        JWTClaimsSet claims = contenders.nimbusHs256Processor.process(contenders.hs256Jwt, null);
        blackhole.consume(claims.getSubject());
        blackhole.consume(claims.getStringClaim("scope"));
    }

    @Benchmark
    public void nimbusRs256(Contenders contenders, Blackhole blackhole) throws ParseException, BadJOSEException,
            JOSEException {
        JWTClaimsSet claims = contenders.nimbusRs256Processor.process(contenders.rs256Jwt, null);
        blackhole.consume(claims.getSubject());
        blackhole.consume(claims.getStringClaim("scope"));
    }

    /** An API key stored as a bcrypt hash (cost 10), as libraries that treat keys like passwords do. */
    @Benchmark
    public boolean bcryptVerify(Contenders contenders) {
        return BCrypt.checkpw(contenders.bcryptKey, contenders.bcryptHash);
    }

    /** The same token with its last checksum character changed to another base62 digit. */
    static String withBadChecksum(String token) {
        char last = token.charAt(token.length() - 1);
        return token.substring(0, token.length() - 1) + (last == '0' ? '1' : '0');
    }
}
