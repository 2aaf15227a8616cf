package dev.klink.tokens.caffeine;

import static dev.klink.tokens.testing.VerificationResultAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.InMemoryTokenStore;
import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.IssuedToken;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.VerificationFailure;
import dev.klink.tokens.spi.InvalidationChannel;
import dev.klink.tokens.spi.Revocation;
import dev.klink.tokens.spi.TokenStore;
import dev.klink.tokens.testing.ForwardingTokenStore;
import dev.klink.tokens.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A cache wired to an invalidation channel: what other nodes change is evicted, and a broken channel is not trusted. */
class CachingTokenStoreChannelTest {

    private static final String TENANT = "acme";

    private final MutableClock clock = MutableClock.at("2026-06-01T08:00:00Z");
    private final InMemoryTokenStore backend = new InMemoryTokenStore();
    private final HubChannel.Hub hub = new HubChannel.Hub();
    private final List<TokenService> services = new ArrayList<>();

    @AfterEach
    void close() {
        services.forEach(TokenService::close);
    }

    private Node node() {
        HubChannel channel = new HubChannel(hub);
        CountingStore counting = new CountingStore(backend);
        CachingTokenStore cache = CachingTokenStore.builder(counting).clock(clock).timeToLive(Duration.ofMinutes(10))
                .invalidationChannel(channel).build();
        TokenService service = TokenService.builder(cache).clock(clock).backgroundUsageFlush(false).build();
        services.add(service);
        return new Node(service, channel, counting);
    }

    private record Node(TokenService service, HubChannel channel, CountingStore counting) {
    }

    private static IssuedToken issue(TokenService service, String owner) {
        return service.issue(IssueRequest.builder(TENANT, owner).name("deploy").abilities("orders:read")
                .expiresInDays(30).build());
    }

    /** A token issued on {@code there} and verified once on {@code here}, which caches it. */
    private static IssuedToken issuedThereCachedHere(Node there, Node here) {
        IssuedToken issued = issue(there.service(), "alice");
        assertThat(here.service().verify(issued.plaintext())).isValid();
        return issued;
    }

    @Test
    void verifyWhenRevokedOnAnotherNodeThenRevokedHereAtOnce() {
        Node here = node();
        Node there = node();
        IssuedToken issued = issuedThereCachedHere(there, here);

        there.service().revoke(TENANT, issued.info().id(), "admin", "leaked");

        assertThat(here.service().verify(issued.plaintext())).isFailed(VerificationFailure.REVOKED);
    }

    @Test
    void verifyWhenRotatedOnAnotherNodeThenOldTokenRefusedHereAfterItsGrace() {
        Node here = node();
        Node there = node();
        IssuedToken issued = issuedThereCachedHere(there, here);

        there.service().rotate(TENANT, issued.info().id(), Duration.ZERO, "alice");

        assertThat(here.service().verify(issued.plaintext())).isFailed(VerificationFailure.REVOKED);
    }

    @Test
    void verifyWhenAllOfOwnerRevokedOnAnotherNodeThenEveryNodeDropsItsCache() {
        Node here = node();
        Node there = node();
        IssuedToken alice = issue(there.service(), "alice");
        IssuedToken bob = issue(there.service(), "bob");
        assertThat(here.service().verify(alice.plaintext())).isValid();
        assertThat(here.service().verify(bob.plaintext())).isValid();
        int reads = here.counting().reads.get();

        there.service().revokeAllForOwner(TENANT, "alice", "admin", "left");

        assertThat(here.service().verify(alice.plaintext())).isFailed(VerificationFailure.REVOKED);
        assertThat(here.service().verify(bob.plaintext())).isValid();
        assertThat(here.counting().reads.get()).as("both re-read after the drop").isEqualTo(reads + 2);
    }

    @Test
    void verifyWhenChannelDisconnectedThenEveryVerificationReadsTheStoreAndRevocationsCount() {
        Node here = node();
        Node there = node();
        IssuedToken issued = issuedThereCachedHere(there, here);
        here.channel().connected = false; // what is published now never arrives here

        there.service().revoke(TENANT, issued.info().id(), "admin", "leaked");
        int reads = here.counting().reads.get();

        assertThat(here.service().verify(issued.plaintext())).isFailed(VerificationFailure.REVOKED);
        assertThat(here.service().verify(issued.plaintext())).isFailed(VerificationFailure.REVOKED);
        assertThat(here.counting().reads.get()).isEqualTo(reads + 2);
    }

    @Test
    void verifyWhenChannelReconnectedThenWholeCacheDroppedOnce() {
        Node here = node();
        Node there = node();
        IssuedToken issued = issuedThereCachedHere(there, here);
        here.channel().connected = false;
        there.service().revoke(TENANT, issued.info().id(), "admin", "leaked");
        assertThat(here.service().verify(issued.plaintext())).isFailed(VerificationFailure.REVOKED);

        here.channel().connected = true;
        int reads = here.counting().reads.get();

        assertThat(here.service().verify(issued.plaintext())).isFailed(VerificationFailure.REVOKED);
        assertThat(here.service().verify(issued.plaintext())).isFailed(VerificationFailure.REVOKED);
        assertThat(here.counting().reads.get()).as("one read after the gap, then cached").isEqualTo(reads + 1);
    }

    @Test
    void verifyWhenRowCachedBeforeAGapNotSeenThenDroppedAfterReconnect() {
        Node here = node();
        Node there = node();
        IssuedToken issued = issuedThereCachedHere(there, here);
        // the channel broke and came back between two verifications: no read saw it down
        here.channel().connected = false;
        there.service().revoke(TENANT, issued.info().id(), "admin", "leaked");
        here.channel().reconnected();

        assertThat(here.service().verify(issued.plaintext())).isFailed(VerificationFailure.REVOKED);
    }

    @Test
    void changeWhenStoreAnnouncesOnTheChannelItselfThenEvictedHereAndNotPublishedAgain() {
        HubChannel channel = new HubChannel(hub);
        List<String> publishedByStore = new CopyOnWriteArrayList<>();
        TokenStore announcing = new ForwardingTokenStore() {
            @Override
            protected TokenStore delegate() {
                return backend;
            }

            @Override
            public boolean revoke(String tenantId, String id, Revocation revocation) {
                boolean changed = super.revoke(tenantId, id, revocation);
                publishedByStore.add(id); // as JdbiTokenStore does inside the transaction of the change
                return changed;
            }

            @Override
            public boolean announcesChangesOn(InvalidationChannel announcedOn) {
                return announcedOn == channel;
            }
        };
        CachingTokenStore cache = CachingTokenStore.builder(announcing).clock(clock)
                .timeToLive(Duration.ofMinutes(10)).invalidationChannel(channel).build();
        TokenService service = TokenService.builder(cache).clock(clock).backgroundUsageFlush(false).build();
        services.add(service);
        HubChannel other = new HubChannel(hub);
        List<String> received = new CopyOnWriteArrayList<>();
        other.subscribe(new InvalidationChannel.Listener() {
            @Override
            public void invalidate(String tokenId) {
                received.add(tokenId);
            }

            @Override
            public void invalidateAll() {
                received.add("*");
            }
        });
        IssuedToken issued = issue(service, "alice");
        assertThat(service.verify(issued.plaintext())).isValid();

        service.revoke(TENANT, issued.info().id(), "admin", "leaked");

        assertThat(service.verify(issued.plaintext())).as("evicted here").isFailed(VerificationFailure.REVOKED);
        assertThat(publishedByStore).containsExactly(issued.info().id());
        assertThat(received).as("nothing published by the cache").isEmpty();
    }
}
