package dev.klink.tokens.testing;

import static dev.klink.tokens.testing.VerificationResultAssert.assertThat;

import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.IssuedToken;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.TokenStatus;
import dev.klink.tokens.VerificationFailure;
import dev.klink.tokens.spi.TokenStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two application nodes over one store, node B's clock {@link #LAG} behind node A's: an immediate revocation on A
 * counts on B whatever B's clock says, while a rotation's grace period stays a time that each node compares with its
 * own clock. A store's tests extend this class and give each node its store.
 */
public abstract class SkewedClockNodes {

    /** How far node B's clock lags behind node A's. */
    public static final Duration LAG = Duration.ofSeconds(10);

    private static final String TENANT = "acme";
    private static final Instant START = Instant.parse("2026-06-01T08:00:00.000001Z");

    private final MutableClock clockA = MutableClock.at(START);
    private final MutableClock clockB = MutableClock.at(START.minus(LAG));
    private @Nullable TokenService nodeA;
    private @Nullable TokenService nodeB;

    /**
     * The store of one node over the one shared backend, called once per node and test: the same instance for an
     * in-memory store; a store of its own per node for a database, as separate JVMs would have.
     *
     * @param node {@code "A"} or {@code "B"}
     */
    protected abstract TokenStore storeForNode(String node);

    @BeforeEach
    final void startNodes() {
        nodeA = TokenService.builder(storeForNode("A")).clock(clockA).backgroundUsageFlush(false).build();
        nodeB = TokenService.builder(storeForNode("B")).clock(clockB).backgroundUsageFlush(false).build();
    }

    @AfterEach
    final void stopNodes() {
        if (nodeA != null) {
            nodeA.close();
        }
        if (nodeB != null) {
            nodeB.close();
        }
        nodesStopped();
    }

    /** Called after each test once both nodes have stopped (and written their pending usage): to drop tables. */
    protected void nodesStopped() {
    }

    private TokenService nodeA() {
        return Objects.requireNonNull(nodeA, "started before each test");
    }

    private TokenService nodeB() {
        return Objects.requireNonNull(nodeB, "started before each test");
    }

    /** Revokes a token on A; B, whose clock still shows a time before the revocation, refuses it as revoked. */
    @Test
    void revokeOnAThenRevokedOnLaggingB() {
        IssuedToken issued = issueOnA("alice");
        assertThat(nodeB().verify(issued.plaintext())).isValid();

        nodeA().revoke(TENANT, issued.info().id(), "admin", "leaked");

        assertThat(nodeB().verify(issued.plaintext())).isFailed(VerificationFailure.REVOKED);
    }

    @Test
    void revokeOnAThenListedAsRevokedOnLaggingB() {
        IssuedToken issued = issueOnA("alice");

        nodeA().revoke(TENANT, issued.info().id(), "admin", "leaked");

        // what the owner's dashboard shows on B agrees with what B's verification answers
        org.assertj.core.api.Assertions.assertThat(nodeB().get(TENANT, issued.info().id()).orElseThrow().status())
                .isEqualTo(TokenStatus.REVOKED);
    }

    /** Revokes every token of an owner on A; B refuses each as revoked. */
    @Test
    void revokeAllForOwnerOnAThenRevokedOnLaggingB() {
        IssuedToken first = issueOnA("bob");
        IssuedToken second = issueOnA("bob");

        nodeA().revokeAllForOwner(TENANT, "bob", "admin", "offboarded");

        assertThat(nodeB().verify(first.plaintext())).isFailed(VerificationFailure.REVOKED);
        assertThat(nodeB().verify(second.plaintext())).isFailed(VerificationFailure.REVOKED);
    }

    /** Revokes every token of a tenant on A; B refuses it as revoked. */
    @Test
    void revokeAllForTenantOnAThenRevokedOnLaggingB() {
        IssuedToken issued = issueOnA("carol");

        nodeA().revokeAllForTenant(TENANT, "admin", "tenant closed");

        assertThat(nodeB().verify(issued.plaintext())).isFailed(VerificationFailure.REVOKED);
    }

    /** Rotates on A with no grace period: B refuses the old token at once and accepts the replacement. */
    @Test
    void rotateWithoutGraceOnAThenOldRevokedOnLaggingB() {
        IssuedToken old = issueOnA("dave");

        IssuedToken replacement = nodeA().rotate(TENANT, old.info().id(), "dave");

        assertThat(nodeB().verify(old.plaintext())).isFailed(VerificationFailure.REVOKED);
        assertThat(nodeB().verify(replacement.plaintext())).isValid();
    }

    /**
     * Rotates on A with a grace period: a scheduled revocation is a time, so B (lagging) accepts the old token until
     * its own clock reaches the end of the grace period, and refuses it from then on.
     */
    @Test
    void rotateWithGraceOnAThenOldValidOnLaggingBUntilItsClockPassesTheGrace() {
        IssuedToken old = issueOnA("erin");
        Duration grace = Duration.ofMinutes(5);

        nodeA().rotate(TENANT, old.info().id(), grace, "erin");

        assertThat(nodeB().verify(old.plaintext())).isValid();
        clockB.advance(grace);
        assertThat(nodeB().verify(old.plaintext())).isValid(); // B is still LAG short of the end of the grace period
        clockB.advance(LAG);
        assertThat(nodeB().verify(old.plaintext())).isFailed(VerificationFailure.REVOKED);
    }

    private IssuedToken issueOnA(String owner) {
        return nodeA().issue(IssueRequest.builder(TENANT, owner).name("deploy").abilities("orders:read")
                .expiresInDays(30).build());
    }

}
