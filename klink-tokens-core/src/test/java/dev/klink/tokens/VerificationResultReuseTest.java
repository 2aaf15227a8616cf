package dev.klink.tokens;

import static dev.klink.tokens.VerificationResults.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.spi.StoredToken;
import dev.klink.tokens.spi.TokenStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A token verified again gets its earlier valid result back, so that a verification allocates no new principal; but
 * only while the stored token gives the very same principal: a changed row always yields a fresh one.
 */
class VerificationResultReuseTest {

    private final TestClock clock = new TestClock();
    private final InMemoryTokenStore tokens = new InMemoryTokenStore();
    /** What the store's reads do to the stored token: as stored, unless a test changes it. */
    private final AtomicReference<UnaryOperator<StoredToken>> readAs = new AtomicReference<>(UnaryOperator.identity());
    private final TokenService service = TokenService.builder(changingReads()).clock(clock)
            .backgroundUsageFlush(false).build();

    private String issue() {
        return service.issue(IssueRequest.builder("acme", "alice").name("CI").abilities("orders:read")
                .expiresInDays(30).build()).plaintext();
    }

    @Test
    void verifyWhenSameTokenAgainThenSameResult() {
        String token = issue();

        VerificationResult first = service.verify(token, "acme", AbilityCheck.all("orders:read"), "198.51.100.4");
        VerificationResult second = service.verify(token, "acme", AbilityCheck.all("orders:read"), "198.51.100.5");

        assertThat(first.isValid()).isTrue();
        assertThat(second).isSameAs(first);
    }

    @Test
    void verifyWhenRowReadAgainAsAnEqualCopyThenSameResult() {
        String token = issue();
        VerificationResult first = service.verify(token);

        readAs.set(stored -> stored.toBuilder().build()); // a database store reads a new object each time

        assertThat(service.verify(token)).isSameAs(first);
    }

    @Test
    void verifyWhenAbilitiesOfTheRowChangedThenNewPrincipalAndTheCheckSeesThem() {
        String token = issue();
        VerificationResult first = service.verify(token, null, AbilityCheck.all("orders:read"), null);

        readAs.set(stored -> stored.toBuilder().abilities(Set.of("orders:write")).build());

        assertThat(failureOf(service.verify(token, null, AbilityCheck.all("orders:read"), null)))
                .isEqualTo(VerificationFailure.INSUFFICIENT_ABILITIES);
        VerificationResult changed = service.verify(token);
        assertThat(changed).isNotSameAs(first);
        assertThat(changed.requirePrincipal().abilities()).containsExactly("orders:write");
        assertThat(first.requirePrincipal().abilities()).containsExactly("orders:read");
    }

    @Test
    void verifyWhenNameOrExpiryOfTheRowChangedThenNewPrincipalShowsThem() {
        String token = issue();
        VerificationResult first = service.verify(token);
        Instant sooner = clock.instant().plusSeconds(3600);

        readAs.set(stored -> stored.toBuilder().name("renamed").expiresAt(sooner).build());
        VerificationResult changed = service.verify(token);

        assertThat(changed).isNotSameAs(first);
        assertThat(changed.requirePrincipal().tokenName()).isEqualTo("renamed");
        assertThat(changed.requirePrincipal().expiresAt()).isEqualTo(sooner);
        assertThat(service.verify(token)).isSameAs(changed);
    }

    @Test
    void verifyWhenUsageTrackingOffThenEqualResultsEachTime() {
        try (TokenService untracked = TokenService.builder(tokens).clock(clock).usageTracking(false)
                .backgroundUsageFlush(false).build()) {
            String token = untracked.issue(IssueRequest.builder("acme", "alice").name("CI")
                    .abilities("orders:read").expiresInDays(30).build()).plaintext();

            assertThat(untracked.verify(token)).isEqualTo(untracked.verify(token));
        }
    }

    /** The in-memory store, its reads by id passed through {@link #readAs}. */
    private TokenStore changingReads() {
        return (TokenStore) Proxy.newProxyInstance(TokenStore.class.getClassLoader(), new Class<?>[] {TokenStore.class},
                (proxy, method, args) -> {
                    try {
                        Object result = method.invoke(tokens, args);
                        if (method.getName().equals("findById")) {
                            return ((Optional<?>) result).map(stored -> readAs.get().apply((StoredToken) stored));
                        }
                        return result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
