package dev.klink.tokens;

import static dev.klink.tokens.VerificationResults.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.page.PageRequest;
import dev.klink.tokens.spi.TokenStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TokenServiceRotationRaceTest {

    @Test
    void rotateWhenTwoRotationsReadTheTokenAtOnceThenOnlyOneReplacementLives() throws Exception {
        InMemoryTokenStore memory = new InMemoryTokenStore();
        CountDownLatch bothRead = new CountDownLatch(2);
        // both rotations read the old token before either links it: the race, made certain
        TokenStore store = (TokenStore) Proxy.newProxyInstance(TokenStore.class.getClassLoader(),
                new Class<?>[] {TokenStore.class}, (proxy, method, args) -> {
                    try {
                        Object result = method.invoke(memory, args);
                        if (method.getName().equals("find") && Thread.currentThread().getName().startsWith("rot")) {
                            bothRead.countDown();
                            bothRead.await(10, TimeUnit.SECONDS);
                        }
                        return result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        TestClock clock = new TestClock(Instant.parse("2026-05-01T08:00:00Z"));
        try (TokenService tokens = TokenService.builder(store).clock(clock).backgroundUsageFlush(false).build()) {
            IssuedToken original = tokens.issue(IssueRequest.builder("acme", "alice").name("deploy")
                    .abilities("orders:read").build());
            ExecutorService pool = Executors.newFixedThreadPool(2, runnable -> new Thread(runnable, "rot"));
            List<Future<IssuedToken>> rotations = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                rotations.add(pool.submit(() -> tokens.rotate("acme", original.info().id(), "alice")));
            }
            List<IssuedToken> succeeded = new ArrayList<>();
            List<Throwable> refused = new ArrayList<>();
            for (Future<IssuedToken> rotation : rotations) {
                try {
                    succeeded.add(rotation.get(10, TimeUnit.SECONDS));
                } catch (java.util.concurrent.ExecutionException e) {
                    refused.add(e.getCause());
                }
            }
            pool.shutdown();

            assertThat(succeeded).hasSize(1);
            assertThat(refused).hasSize(1);
            assertThat(refused.get(0)).isInstanceOf(InvalidTokenRequestException.class)
                    .hasMessage("The token was rotated concurrently; use its replacement");
            IssuedToken winner = succeeded.get(0);
            assertThat(tokens.verify(winner.plaintext()).isValid()).isTrue();
            assertThat(failureOf(tokens.verify(original.plaintext()))).isEqualTo(VerificationFailure.REVOKED);
            assertThat(tokens.get("acme", original.info().id()).orElseThrow().rotatedToId())
                    .isEqualTo(winner.info().id());
            List<TokenInfo> active = tokens.listByOwner("acme", "alice", PageRequest.first(10)).items().stream()
                    .filter(token -> token.status() == TokenStatus.ACTIVE).toList();
            assertThat(active).extracting(TokenInfo::id).containsExactly(winner.info().id());
        }
    }
}
