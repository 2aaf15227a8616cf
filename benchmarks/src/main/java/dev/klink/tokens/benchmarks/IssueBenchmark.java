package dev.klink.tokens.benchmarks;

import dev.klink.tokens.InMemoryTokenStore;
import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.IssuedToken;
import dev.klink.tokens.TokenHasher;
import dev.klink.tokens.TokenPolicy;
import dev.klink.tokens.TokenService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Issuing a token into the in-memory store: fresh id and secret from {@link java.security.SecureRandom}, checksum,
 * HMAC, the owner's active-token count and the insert.
 *
 * <p>An owner may hold {@link TokenPolicy#defaults() 100} active tokens, and the in-memory store counts them by
 * scanning, so each thread starts over with an empty store once its owner is full. The store never grows past one
 * owner's worth of tokens, as it would for a real owner.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class IssueBenchmark {

    private final TokenHasher hasher = Fixtures.klinkHasher();
    private final IssueRequest request = IssueRequest.builder(Fixtures.TENANT, Fixtures.OWNER)
            .name(Fixtures.TOKEN_NAME).abilities(Fixtures.ABILITY).expiresAfter(Fixtures.LIFETIME).build();
    private final int perOwner = TokenPolicy.defaults().maxActiveTokensPerOwner();
    private TokenService service;
    private int issued;

    @Setup(Level.Trial)
    public void setUp() {
        service = newService();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        service.close();
    }

    @Benchmark
    public IssuedToken klinkIssue() {
        if (issued == perOwner) {
            service.close();
            service = newService();
            issued = 0;
        }
        issued++;
        return service.issue(request);
    }

    private TokenService newService() {
        // no flush thread: one per store would be started and stopped a hundred times a second
        return TokenService.builder(new InMemoryTokenStore()).hasher(hasher).backgroundUsageFlush(false).build();
    }
}
