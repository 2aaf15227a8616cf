package dev.klink.tokens;

import static dev.klink.tokens.VerificationResults.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Revocation is immediate on this node: once revoke returns, no verification that starts afterwards succeeds. */
class RevocationRaceTest {

    private static final int VERIFIERS = 3;
    private static final int ROUNDS = 20;
    private static final int VERIFICATIONS_EACH_SIDE = 500;

    private final TestClock clock = new TestClock();
    private final TokenService service = TokenService.builder(new InMemoryTokenStore()).clock(clock)
            .backgroundUsageFlush(false).build();

    /** What one verifier thread saw in one round. */
    private record Tally(int validBefore, int checkedAfter, int validAfter) {
    }

    @Test
    void verifyWhenStartedAfterRevokeReturnedThenNeverValid() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(VERIFIERS);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                runRound(pool);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void runRound(ExecutorService pool) throws Exception {
        IssuedToken issued = service.issue(IssueRequest.builder("acme", "alice").name("CI").build());
        AtomicBoolean revokeReturned = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch warmedUp = new CountDownLatch(VERIFIERS);
        CountDownLatch checkedAfter = new CountDownLatch(VERIFIERS);
        List<Future<Tally>> verifiers = new ArrayList<>();
        for (int i = 0; i < VERIFIERS; i++) {
            verifiers.add(pool.submit(() -> {
                int validBefore = 0;
                int after = 0;
                int validAfter = 0;
                while (!stop.get()) {
                    // read the flag before the call: a call that starts after revoke returned must fail
                    boolean startedAfterRevoke = revokeReturned.get();
                    boolean valid = service.verify(issued.plaintext()).isValid();
                    if (startedAfterRevoke) {
                        after++;
                        validAfter += valid ? 1 : 0;
                        if (after == VERIFICATIONS_EACH_SIDE) {
                            checkedAfter.countDown();
                        }
                    } else if (valid && ++validBefore == VERIFICATIONS_EACH_SIDE) {
                        warmedUp.countDown();
                    }
                }
                return new Tally(validBefore, after, validAfter);
            }));
        }
        assertThat(warmedUp.await(60, TimeUnit.SECONDS)).isTrue();
        service.revoke("acme", issued.info().id(), "alice", "race");
        revokeReturned.set(true);
        assertThat(checkedAfter.await(60, TimeUnit.SECONDS)).isTrue();
        stop.set(true);

        for (Future<Tally> verifier : verifiers) {
            Tally tally = verifier.get(60, TimeUnit.SECONDS);
            assertThat(tally.validBefore()).isGreaterThanOrEqualTo(VERIFICATIONS_EACH_SIDE);
            assertThat(tally.checkedAfter()).isGreaterThanOrEqualTo(VERIFICATIONS_EACH_SIDE);
            assertThat(tally.validAfter()).isZero();
        }
        assertThat(failureOf(service.verify(issued.plaintext()))).isEqualTo(VerificationFailure.REVOKED);
    }
}
