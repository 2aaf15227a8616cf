package dev.klink.tokens.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.InvalidTokenRequestException;
import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.IssuedToken;
import dev.klink.tokens.page.PageRequest;
import dev.klink.tokens.TokenInfo;
import dev.klink.tokens.TokenLimitExceededException;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.TokenStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Races a {@link TokenService} over a real store, for the store's own tests: parallel issues against the per-owner
 * limit, and rotation against revocation. Each method fails with an {@link AssertionError} saying what went wrong.
 */
public final class TokenServiceRaces {

    private static final String TENANT = "acme";

    private TokenServiceRaces() {
    }

    /**
     * Issues {@code attempts} tokens for one owner from as many threads at once.
     *
     * @return how many were issued; every other attempt must have failed with {@link TokenLimitExceededException}
     */
    public static int issueConcurrently(TokenService service, String ownerId, int attempts) throws Exception {
        List<Callable<IssuedToken>> issues = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
            String name = "parallel " + i;
            issues.add(() -> service.issue(IssueRequest.builder(TENANT, ownerId).name(name).abilities("orders:read")
                    .expiresInDays(30).build()));
        }
        int issued = 0;
        for (Future<IssuedToken> result : runAtOnce(issues)) {
            try {
                result.get(60, TimeUnit.SECONDS);
                issued++;
            } catch (ExecutionException e) {
                assertThat(e.getCause()).as("a refused parallel issue").isInstanceOf(TokenLimitExceededException.class);
            }
        }
        return issued;
    }

    /**
     * Runs {@code rounds} rounds, each rotating a fresh token while revoking it (or, with {@code revokeAllForOwner},
     * every token of its owner) at the same moment. The outcome must be that of one call running first: a
     * replacement lives on only when the rotation was recorded on the old token before the revocation, and never
     * after a revocation of every token of the owner. A rotation never leaves a live replacement of a revoked
     * token. The service's clock must stand still (a {@link MutableClock}), so that which call came first shows in
     * who revoked the old token.
     */
    public static void rotateWhileRevoking(TokenService service, int rounds, boolean revokeAllForOwner)
            throws Exception {
        for (int round = 0; round < rounds; round++) {
            String owner = "race-" + round;
            IssuedToken old = service.issue(IssueRequest.builder(TENANT, owner).name("rotated")
                    .abilities("orders:read").expiresInDays(30).build());
            String id = old.info().id();
            Callable<Object> rotate = () -> service.rotate(TENANT, id, owner);
            Callable<Object> revoke = revokeAllForOwner
                    ? () -> service.revokeAllForOwner(TENANT, owner, "admin", "race")
                    : () -> service.revoke(TENANT, id, "admin", "race");
            List<Future<Object>> results = runAtOnce(List.of(rotate, revoke));
            IssuedToken replacement = null;
            try {
                replacement = (IssuedToken) results.get(0).get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                assertThat(e.getCause()).as("a refused rotation in round " + round)
                        .isInstanceOf(InvalidTokenRequestException.class);
            }
            results.get(1).get(60, TimeUnit.SECONDS);
            TokenInfo after = service.get(TENANT, id).orElseThrow();
            List<String> active = service.listByOwner(TENANT, owner, PageRequest.first(10)).items().stream()
                    .filter(token -> token.status() == TokenStatus.ACTIVE).map(TokenInfo::id).toList();
            // as if one ran first: revoke then rotate (refused, nothing live), or rotate then revoke (the rotation
            // revoked the old token at the same instant, so the revocation changes nothing on it and the replacement
            // lives on, unless every token of the owner was revoked)
            if ("admin".equals(after.revokedBy()) || revokeAllForOwner) {
                assertThat(active).as("active tokens of the owner after round " + round).isEmpty();
            } else {
                assertThat(replacement).as("the rotation recorded in round " + round).isNotNull();
                String replacementId = Objects.requireNonNull(replacement).info().id();
                assertThat(active).as("active tokens of the owner after round " + round)
                        .containsExactly(replacementId);
                assertThat(after.rotatedToId()).isEqualTo(replacementId);
            }
        }
    }

    private static <T> List<Future<T>> runAtOnce(List<Callable<T>> tasks) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            CountDownLatch ready = new CountDownLatch(tasks.size());
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> results = new ArrayList<>();
            for (Callable<T> task : tasks) {
                results.add(pool.submit(() -> {
                    ready.countDown();
                    start.await();
                    return task.call();
                }));
            }
            ready.await();
            start.countDown();
            return results;
        } finally {
            pool.shutdown();
        }
    }
}
