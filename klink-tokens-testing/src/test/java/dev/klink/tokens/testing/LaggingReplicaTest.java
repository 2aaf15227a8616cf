package dev.klink.tokens.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.klink.tokens.InMemoryTokenStore;
import dev.klink.tokens.spi.Revocation;
import dev.klink.tokens.spi.StoredToken;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LaggingReplicaTest {

    private static final Duration LAG = Duration.ofSeconds(2);

    private final MutableClock clock = MutableClock.at("2026-06-01T08:00:00Z");
    private final StoredTokens tokens = StoredTokens.create(clock, new Random(3));
    private final LaggingReplica replication = LaggingReplica.of(new InMemoryTokenStore(), clock, LAG);

    @Test
    void replicaWhenInsertedThenUnknownUntilTheLagHasPassed() {
        StoredToken token = tokens.token().build();
        replication.primary().insert(token);

        clock.advance(LAG.minusNanos(1000));
        assertThat(replication.replica().findById(token.id())).isEmpty();
        assertThat(replication.primary().findById(token.id())).contains(token);

        clock.advance(Duration.ofNanos(1000));
        assertThat(replication.replica().findById(token.id())).contains(token);
        assertThat(replication.replica().find(token.tenantId(), token.id())).contains(token);
        assertThat(replication.replica().find("another-tenant", token.id())).isEmpty();
    }

    @Test
    void replicaWhenRevokedThenShowsTheRowAsItWasTheLagAgo() {
        StoredToken token = tokens.token().build();
        replication.primary().insert(token);
        clock.advance(LAG.multipliedBy(2));
        Revocation revocation = Revocation.immediate(clock.instant(), "admin", "leaked");

        replication.primary().revoke(token.tenantId(), token.id(), revocation);
        clock.advance(Duration.ofSeconds(1));

        assertThat(replication.replica().findById(token.id())).contains(token);
        clock.advance(Duration.ofSeconds(1));
        assertThat(replication.replica().findById(token.id()).orElseThrow().revokedImmediately()).isTrue();
    }

    @Test
    void replicaWhenOwnerRevokedOrPrunedThenEveryRowWrittenSoFarFollows() {
        StoredToken alice = tokens.token().withOwner("alice").build();
        StoredToken bob = tokens.token().withOwner("bob").build();
        replication.primary().insert(alice);
        replication.primary().insert(bob);
        clock.advance(LAG);

        replication.primary().revokeAllByOwner(alice.tenantId(), "alice",
                Revocation.immediate(clock.instant(), "admin", "left"));
        replication.primary().deleteInactiveBefore(clock.instant().plusSeconds(1));
        assertThat(replication.replica().findById(alice.id())).contains(alice);
        clock.advance(LAG);

        assertThat(replication.replica().findById(alice.id())).isEmpty();
        assertThat(replication.replica().findById(bob.id())).contains(bob);
    }

    @Test
    void replicaWhenWrittenToOrListedThenRefused() {
        StoredToken token = tokens.token().build();

        assertThatExceptionOfType(UnsupportedOperationException.class)
                .isThrownBy(() -> replication.replica().insert(token))
                .withMessage("the replica of a LaggingReplica answers findById and find only");
        assertThatExceptionOfType(UnsupportedOperationException.class)
                .isThrownBy(() -> replication.replica().countActiveByOwner("t", "o", clock.instant()));
    }

    @Test
    void ofWhenLagNegativeThenRefusedNamingIt() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LaggingReplica.of(new InMemoryTokenStore(), clock, Duration.ofSeconds(-1)))
                .withMessage("lag must not be negative, was PT-1S");
    }
}
