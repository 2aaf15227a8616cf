package dev.klink.tokens.caffeine;

import static dev.klink.tokens.testing.VerificationResultAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.klink.tokens.InMemoryTokenStore;
import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.IssuedToken;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.VerificationFailure;
import dev.klink.tokens.spi.StoredToken;
import dev.klink.tokens.spi.TokenStore;
import dev.klink.tokens.testing.ForwardingTokenStore;
import dev.klink.tokens.testing.LaggingReplica;
import dev.klink.tokens.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Nodes whose verifications read a replica that lags the store by {@link #LAG}: a node refilling its cache right
 * after an invalidation reads the store, so a revoked token never comes back from the replica into the cache.
 */
class CachingTokenStoreReadReplicaTest {

    private static final String TENANT = "acme";
    private static final Duration LAG = Duration.ofSeconds(2);
    private static final Duration WITHIN_LAG = Duration.ofMillis(500);

    private final MutableClock clock = MutableClock.at("2026-06-01T08:00:00Z");
    private final LaggingReplica replication = LaggingReplica.of(new InMemoryTokenStore(), clock, LAG);
    private final HubChannel.Hub hub = new HubChannel.Hub();
    private final List<TokenService> services = new ArrayList<>();

    @AfterEach
    void close() {
        services.forEach(TokenService::close);
    }

    private record Node(TokenService service, HubChannel channel, CountingStore primaryReads,
            CountingStore replicaReads) {
    }

    /** A node whose cache reads misses from the replica, under the rule. */
    private Node node() {
        HubChannel channel = new HubChannel(hub);
        CountingStore primary = new CountingStore(replication.primary());
        CountingStore replica = new CountingStore(replication.replica());
        CachingTokenStore cache = CachingTokenStore.builder(primary).readReplica(replica, LAG).clock(clock)
                .timeToLive(Duration.ofMinutes(10)).invalidationChannel(channel).build();
        return new Node(service(cache), channel, primary, replica);
    }

    /**
     * A node as an application builds one without the rule: its store writes to the primary and reads tokens by id
     * from the replica, and the cache sits in front of that.
     */
    private Node nodeReadingTheReplicaWithoutTheRule() {
        HubChannel channel = new HubChannel(hub);
        CountingStore primary = new CountingStore(replication.primary());
        CountingStore replica = new CountingStore(replication.replica());
        TokenStore splitReads = new ForwardingTokenStore() {
            @Override
            protected TokenStore delegate() {
                return primary;
            }

            @Override
            public Optional<StoredToken> findById(String id) {
                return replica.findById(id);
            }
        };
        CachingTokenStore cache = CachingTokenStore.builder(splitReads).clock(clock)
                .timeToLive(Duration.ofMinutes(10)).invalidationChannel(channel).build();
        return new Node(service(cache), channel, primary, replica);
    }

    private TokenService service(TokenStore store) {
        // no usage writes: their evictions would refill caches on their own
        TokenService service = TokenService.builder(store).clock(clock).usageTracking(false).build();
        services.add(service);
        return service;
    }

    private static IssuedToken issue(Node node, String owner) {
        return node.service().issue(IssueRequest.builder(TENANT, owner).name("deploy").abilities("orders:read")
                .expiresInDays(30).build());
    }

    /** Past the window after the nodes were built, and past the replica's lag for what was written so far. */
    private void settle() {
        clock.advance(LAG.multipliedBy(5));
    }

    @Test
    void verifyWhenRevokedOnAnotherNodeThenTheRefillReadsTheStoreAndTheTokenIsNeverReCached() {
        Node writer = node();
        Node reader = node();
        IssuedToken issued = issue(writer, "alice");
        settle();
        assertThat(reader.service().verify(issued.plaintext())).isValid();
        assertThat(reader.replicaReads().reads.get()).as("an ordinary miss reads the replica").isEqualTo(1);

        writer.service().revoke(TENANT, issued.info().id(), "admin", "leaked");
        clock.advance(WITHIN_LAG);
        int primaryReads = reader.primaryReads().reads.get();

        assertThat(reader.service().verify(issued.plaintext())).isFailed(VerificationFailure.REVOKED);
        assertThat(reader.primaryReads().reads.get()).as("the refill read the store").isEqualTo(primaryReads + 1);
        assertThat(replication.replica().findById(issued.info().id()).orElseThrow().revokedAt())
                .as("while the replica still shows the token active").isNull();
        clock.advance(LAG);
        assertThat(reader.service().verify(issued.plaintext())).isFailed(VerificationFailure.REVOKED);
    }

    @Test
    void verifyWithoutTheRuleWhenRevokedOnAnotherNodeThenTheLaggingReplicaReCachesTheRevokedToken() {
        Node writer = node();
        Node reader = nodeReadingTheReplicaWithoutTheRule();
        IssuedToken issued = issue(writer, "alice");
        settle();
        assertThat(reader.service().verify(issued.plaintext())).isValid();

        writer.service().revoke(TENANT, issued.info().id(), "admin", "leaked");
        clock.advance(WITHIN_LAG);

        // the hazard the rule removes: evicted, refilled from the replica, and kept after the replica caught up
        assertThat(reader.service().verify(issued.plaintext())).isValid();
        clock.advance(LAG);
        assertThat(replication.replica().findById(issued.info().id()).orElseThrow().revokedAt()).isNotNull();
        assertThat(reader.service().verify(issued.plaintext())).isValid();
    }

    @Test
    void verifyWhenRevokedOnThisNodeThenTheRefillReadsTheStore() {
        Node reader = node();
        IssuedToken issued = issue(reader, "alice");
        settle();
        assertThat(reader.service().verify(issued.plaintext())).isValid();

        reader.service().revoke(TENANT, issued.info().id(), "admin", "leaked");
        clock.advance(WITHIN_LAG);

        assertThat(reader.service().verify(issued.plaintext())).isFailed(VerificationFailure.REVOKED);
        clock.advance(LAG);
        assertThat(reader.service().verify(issued.plaintext())).isFailed(VerificationFailure.REVOKED);
    }

    @Test
    void verifyWhenAllOfOwnerRevokedOnAnotherNodeThenEveryMissReadsTheStoreForTheLag() {
        Node writer = node();
        Node reader = node();
        IssuedToken alice = issue(writer, "alice");
        IssuedToken bob = issue(writer, "bob");
        IssuedToken carol = issue(writer, "carol");
        settle();
        assertThat(reader.service().verify(bob.plaintext())).isValid();

        writer.service().revokeAllForOwner(TENANT, "alice", "admin", "left");
        clock.advance(WITHIN_LAG);
        int primaryReads = reader.primaryReads().reads.get();
        int replicaReads = reader.replicaReads().reads.get();

        assertThat(reader.service().verify(alice.plaintext())).isFailed(VerificationFailure.REVOKED);
        assertThat(reader.service().verify(bob.plaintext())).isValid();
        assertThat(reader.primaryReads().reads.get()).isEqualTo(primaryReads + 2);
        assertThat(reader.replicaReads().reads.get()).isEqualTo(replicaReads);

        clock.advance(LAG);
        assertThat(reader.service().verify(carol.plaintext())).isValid();
        assertThat(reader.replicaReads().reads.get()).as("after the lag, misses read the replica again")
                .isEqualTo(replicaReads + 1);
    }

    @Test
    void verifyWhenChannelWasDownThenTheStoreIsReadWhileDownAndForTheLagAfterItReconnects() {
        Node writer = node();
        Node reader = node();
        IssuedToken issued = issue(writer, "alice");
        settle();
        assertThat(reader.service().verify(issued.plaintext())).isValid();

        reader.channel().connected = false;
        writer.service().revoke(TENANT, issued.info().id(), "admin", "leaked"); // never reaches the reader
        int replicaReads = reader.replicaReads().reads.get();
        assertThat(reader.service().verify(issued.plaintext())).isFailed(VerificationFailure.REVOKED);

        reader.channel().reconnected();
        clock.advance(WITHIN_LAG);
        assertThat(reader.service().verify(issued.plaintext())).isFailed(VerificationFailure.REVOKED);
        clock.advance(LAG);
        assertThat(reader.service().verify(issued.plaintext())).isFailed(VerificationFailure.REVOKED);
        assertThat(reader.replicaReads().reads.get()).isEqualTo(replicaReads);
    }

    @Test
    void verifyWhenIssuedOnAnotherNodeWithinTheLagThenFoundInTheStoreNotRememberedAsUnknown() {
        Node writer = node();
        Node reader = node();
        settle();

        IssuedToken issued = issue(writer, "alice");
        clock.advance(WITHIN_LAG);

        assertThat(replication.replica().findById(issued.info().id())).isEmpty();
        assertThat(reader.service().verify(issued.plaintext())).isValid();
    }

    @Test
    void verifyRightAfterTheCacheIsBuiltThenReadsTheStoreForTheLag() {
        Node writer = node();
        IssuedToken issued = issue(writer, "alice");
        settle();
        writer.service().revoke(TENANT, issued.info().id(), "admin", "leaked");

        Node started = node(); // missed the announcement: it was not subscribed yet
        clock.advance(WITHIN_LAG);

        assertThat(started.service().verify(issued.plaintext())).isFailed(VerificationFailure.REVOKED);
        assertThat(started.replicaReads().reads.get()).isZero();
    }

    @Test
    void readReplicaWhenLagNotPositiveThenRefusedNamingTheSetting() {
        CachingTokenStore.Builder builder = CachingTokenStore.builder(new InMemoryTokenStore());
        InMemoryTokenStore replica = new InMemoryTokenStore();

        assertThatIllegalArgumentException().isThrownBy(() -> builder.readReplica(replica, Duration.ZERO))
                .withMessage("maxLag must be positive, was PT0S");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.readReplica(replica, Duration.ofMillis(-1)))
                .withMessage("maxLag must be positive, was PT-0.001S");
    }
}
