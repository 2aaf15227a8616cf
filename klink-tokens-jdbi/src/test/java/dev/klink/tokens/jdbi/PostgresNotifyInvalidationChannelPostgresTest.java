package dev.klink.tokens.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.IssuedToken;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.TokenStoreUnavailableException;
import dev.klink.tokens.spi.InvalidationChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The NOTIFY channel over the PostgreSQL at {@code $KLINK_TEST_POSTGRES_URL}: delivery to every node, a listening
 * connection terminated by the server, and announcements written by the store in the transaction of its change.
 */
class PostgresNotifyInvalidationChannelPostgresTest {

    private static final String TENANT = "acme";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private TestDatabase database;
    private final List<AutoCloseable> resources = new ArrayList<>();

    @BeforeEach
    void createSchema() {
        database = TestDatabase.postgres("kpgn_");
        database.createSchema();
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable resource : resources) {
            resource.close();
        }
        database.jdbi().useHandle(handle -> handle.execute("DROP FUNCTION IF EXISTS kpgn_fail_at_commit() CASCADE"));
        database.dropSchema();
    }

    private PostgresNotifyInvalidationChannel channel(String applicationName) {
        PostgresNotifyInvalidationChannel channel = PostgresNotifyInvalidationChannel.builder(database.newJdbi())
                .tablePrefix(database.tablePrefix()).applicationName(applicationName)
                .initialBackoff(Duration.ofMillis(50)).build();
        resources.add(channel);
        await(channel::isConnected);
        return channel;
    }

    private TokenService service(JdbiTokenStore store) {
        TokenService service = TokenService.builder(store).usageTracking(false).build();
        resources.add(service);
        return service;
    }

    private static IssuedToken issue(TokenService service) {
        return service.issue(IssueRequest.builder(TENANT, "alice").name("deploy").expiresInDays(30).build());
    }

    @Test
    void publishThenEveryListeningNodeReceivesItsIdAndAllAsTheMarker() {
        PostgresNotifyInvalidationChannel one = channel("kpgn-one");
        PostgresNotifyInvalidationChannel two = channel("kpgn-two");
        Recorder received = new Recorder();
        two.subscribe(received);

        one.publish("0123456789abcdef");
        one.publishAll();
        two.publish("fedcba9876543210");

        await(() -> received.events.size() == 3);
        assertThat(received.events).containsExactly("0123456789abcdef", "*", "fedcba9876543210");
    }

    @Test
    void publishWhenOtherPrefixThenNotReceived() {
        PostgresNotifyInvalidationChannel other = PostgresNotifyInvalidationChannel.builder(database.newJdbi())
                .tablePrefix("kpgn_other_").applicationName("kpgn-other").build();
        resources.add(other);
        await(other::isConnected);
        PostgresNotifyInvalidationChannel mine = channel("kpgn-mine");
        Recorder otherReceived = new Recorder();
        Recorder mineReceived = new Recorder();
        other.subscribe(otherReceived);
        mine.subscribe(mineReceived);

        mine.publish("0123456789abcdef");
        other.publish("fedcba9876543210");

        await(() -> mineReceived.events.size() == 1 && otherReceived.events.size() == 1);
        assertThat(mineReceived.events).containsExactly("0123456789abcdef");
        assertThat(otherReceived.events).containsExactly("fedcba9876543210");
    }

    @Test
    void listeningConnectionTerminatedThenDisconnectedReconnectsDropsEverythingOnceAndReceivesAgain() {
        PostgresNotifyInvalidationChannel publisher = channel("kpgn-publisher");
        PostgresNotifyInvalidationChannel node = channel("kpgn-node");
        Recorder received = new Recorder();
        node.subscribe(received);
        int pid = node.backendPid();
        assertThat(applicationNameOf(pid)).isEqualTo("kpgn-node");

        terminate(pid);
        await(() -> !node.isConnected() || node.backendPid() != pid);
        await(() -> node.isConnected() && node.backendPid() != pid);

        assertThat(received.events).containsExactly("*");
        publisher.publish("0123456789abcdef");
        await(() -> received.events.size() == 2);
        assertThat(received.events).containsExactly("*", "0123456789abcdef");
        assertThat(applicationNameOf(node.backendPid())).isEqualTo("kpgn-node");
    }

    @Test
    void closeThenListeningConnectionEnds() {
        PostgresNotifyInvalidationChannel node = channel("kpgn-closing");
        int pid = node.backendPid();

        node.close();

        assertThat(node.stopped()).isTrue();
        assertThat(node.isConnected()).isFalse();
        await(() -> !listening(pid));
    }

    @Test
    void storeChangesWhenAnnouncingOnTheChannelThenEachCommittedChangeNotifiesInItsTransaction() {
        PostgresNotifyInvalidationChannel channel = channel("kpgn-store");
        Recorder received = new Recorder();
        channel.subscribe(received);
        JdbiTokenStore store = JdbiTokenStore.builder(database.newJdbi()).tablePrefix(database.tablePrefix())
                .invalidationChannel(channel).build();
        TokenService service = service(store);
        assertThat(store.announcesChangesOn(channel)).isTrue();
        assertThat(store.announcesChangesOn(channel("kpgn-another"))).isFalse();

        IssuedToken issued = issue(service);
        IssuedToken second = issue(service);
        String id = issued.info().id();
        service.revoke(TENANT, id, "admin", "leaked");
        service.revoke(TENANT, id, "admin", "again"); // changes nothing, so announces nothing
        service.revokeAllForOwner(TENANT, "alice", "admin", "offboarded");

        await(() -> received.events.size() == 4);
        assertThat(received.events).containsExactly(id, second.info().id(), id, "*");
    }

    @Test
    void storeChangeWhenItsTransactionRollsBackAtCommitThenNothingNotifiedAndACommittedOneIs() {
        PostgresNotifyInvalidationChannel channel = channel("kpgn-rollback");
        JdbiTokenStore store = JdbiTokenStore.builder(database.newJdbi()).tablePrefix(database.tablePrefix())
                .invalidationChannel(channel).build();
        TokenService service = service(store);
        IssuedToken doomed = issue(service);
        IssuedToken committed = issue(service);
        failAtCommitWhenRevokedFor("rolled back");
        Recorder received = new Recorder();
        channel.subscribe(received);

        assertThatExceptionOfType(TokenStoreUnavailableException.class)
                .isThrownBy(() -> service.revoke(TENANT, doomed.info().id(), "admin", "rolled back"));
        service.revoke(TENANT, committed.info().id(), "admin", "leaked");

        // notifications arrive in commit order: once the later one is in, the rolled back one would be too
        await(() -> received.events.contains(committed.info().id()));
        assertThat(received.events).containsExactly(committed.info().id());
        assertThat(store.findById(doomed.info().id()).orElseThrow().revokedAt()).isNull();
    }

    /** A constraint checked at commit that fails the transaction of a revocation with {@code reason}. */
    private void failAtCommitWhenRevokedFor(String reason) {
        String table = database.tablePrefix() + "tokens";
        database.jdbi().useHandle(handle -> {
            handle.execute("CREATE OR REPLACE FUNCTION kpgn_fail_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$"
                    + " BEGIN IF NEW.revoke_reason = '" + reason + "' THEN RAISE EXCEPTION 'refused at commit';"
                    + " END IF; RETURN NEW; END $$");
            handle.execute("CREATE CONSTRAINT TRIGGER kpgn_fail_at_commit AFTER UPDATE ON " + table
                    + " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kpgn_fail_at_commit()");
        });
    }

    private String applicationNameOf(int pid) {
        return database.jdbi().withHandle(handle -> handle
                .createQuery("SELECT application_name FROM pg_stat_activity WHERE pid = :pid")
                .bind("pid", pid).mapTo(String.class).one());
    }

    private boolean listening(int pid) {
        return database.jdbi().withHandle(handle -> handle
                .createQuery("SELECT COUNT(*) FROM pg_stat_activity WHERE pid = :pid")
                .bind("pid", pid).mapTo(Integer.class).one()) > 0;
    }

    private void terminate(int pid) {
        boolean terminated = database.jdbi().withHandle(handle -> handle
                .createQuery("SELECT pg_terminate_backend(:pid)").bind("pid", pid).mapTo(Boolean.class).one());
        assertThat(terminated).isTrue();
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + WAIT);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static final class Recorder implements InvalidationChannel.Listener {

        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void invalidate(String tokenId) {
            events.add(tokenId);
        }

        @Override
        public void invalidateAll() {
            events.add("*");
        }
    }
}
