package dev.klink.tokens.caffeine;

import static dev.klink.tokens.testing.VerificationResultAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.IssuedToken;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.VerificationFailure;
import dev.klink.tokens.VerificationResult;
import dev.klink.tokens.jdbi.JdbiTokenStore;
import dev.klink.tokens.jdbi.PostgresNotifyInvalidationChannel;
import dev.klink.tokens.spi.InvalidationChannel;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * Three nodes with PostgreSQL {@code LISTEN/NOTIFY} channels over {@code $KLINK_TEST_POSTGRES_URL}, each store
 * notifying inside the transaction of its change; node 3's listening connection is terminated by the server.
 */
class CrossNodeInvalidationNotifyPostgresTest extends CrossNodeInvalidationTestBase {

    @Override
    protected String urlVariable() {
        return "KLINK_TEST_POSTGRES_URL";
    }

    @Override
    protected String tablePrefix() {
        return "kcn_pgn_";
    }

    @Override
    protected InvalidationChannel channel(Jdbi channelJdbi, int number) {
        return PostgresNotifyInvalidationChannel.builder(channelJdbi).tablePrefix(tablePrefix())
                .applicationName(applicationName(number)).build();
    }

    @Override
    protected JdbiTokenStore store(Jdbi jdbi, InvalidationChannel channel) {
        return JdbiTokenStore.builder(jdbi).tablePrefix(tablePrefix())
                .invalidationChannel((PostgresNotifyInvalidationChannel) channel).build();
    }

    @Override
    protected Duration settleTime() {
        return Duration.ofMillis(200);
    }

    @Override
    protected String channelDescription() {
        return "LISTEN/NOTIFY";
    }

    /** Terminates node 3's listening connection on the server, as an administrator or a failover would. */
    @Override
    protected void cutNode3() {
        int pid = listenerPid(3).orElseThrow();
        boolean terminated = Jdbi.create(url()).withHandle(handle -> handle
                .createQuery("SELECT pg_terminate_backend(:pid)").bind("pid", pid).mapTo(Boolean.class).one());
        assertThat(terminated).isTrue();
    }

    private String applicationName(int number) {
        return tablePrefix() + "node" + number;
    }

    /** The backend process of node {@code number}'s listening connection, found by its application name. */
    private Optional<Integer> listenerPid(int number) {
        return Jdbi.create(url()).withHandle(handle -> handle
                .createQuery("SELECT pid FROM pg_stat_activity WHERE application_name = :name")
                .bind("name", applicationName(number)).mapTo(Integer.class).findOne());
    }

    @Test
    void listenerTerminatedThenReconnectsDropsItsCacheAndNeverServesARevocationMadeInTheGap() {
        Node node3 = nodes().get(2);
        IssuedToken revokedInGap = issueOnNode1();
        IssuedToken revokedUnannounced = issueOnNode1();
        cacheOnEveryNode(List.of(revokedInGap, revokedUnannounced));
        int before = listenerPid(3).orElseThrow();

        cutNode3(); // connections stay allowed: the channel reconnects after its back-off
        await(() -> !node3.channel().isConnected() || !listenerPid(3).equals(Optional.of(before)),
                Duration.ofSeconds(5));
        nodes().get(0).service().revoke("acme", revokedInGap.info().id(), "admin", "leaked");
        // a change nobody announces: only a dropped cache can see it
        Jdbi.create(url()).useHandle(handle -> handle.createUpdate("UPDATE " + tablePrefix() + "tokens"
                + " SET revoked_at = CURRENT_TIMESTAMP, revoked_immediately = TRUE WHERE id = :id")
                .bind("id", revokedUnannounced.info().id()).execute());
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!(node3.channel().isConnected() && listenerPid(3).filter(pid -> pid != before).isPresent())) {
            assertThat(System.nanoTime()).as("reconnected within 5 s").isLessThan(deadline);
            assertThat(node3.service().verify(revokedInGap.plaintext())).as("while reconnecting")
                    .isFailed(VerificationFailure.REVOKED);
        }

        assertThat(node3.service().verify(revokedInGap.plaintext())).isFailed(VerificationFailure.REVOKED);
        assertThat(node3.service().verify(revokedUnannounced.plaintext())).as("the cache was dropped")
                .isFailed(VerificationFailure.REVOKED);
        IssuedToken after = issueOnNode1();
        cacheOnEveryNode(List.of(after));
        nodes().get(0).service().revoke("acme", after.info().id(), "admin", "leaked");
        await(() -> revoked(node3.service(), after.plaintext()), Duration.ofSeconds(1));
        TokenService node2 = nodes().get(1).service();
        VerificationResult onNode2 = node2.verify(revokedUnannounced.plaintext());
        assertThat(onNode2).as("node 2, never cut, still serves its cached row of the unannounced change")
                .isValid();
    }
}
