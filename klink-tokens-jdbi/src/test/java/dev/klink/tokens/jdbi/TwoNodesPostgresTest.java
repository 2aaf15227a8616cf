package dev.klink.tokens.jdbi;

import static dev.klink.tokens.testing.VerificationResultAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.AbilityCheck;
import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.IssuedToken;
import dev.klink.tokens.TokenPrincipal;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.VerificationFailure;
import dev.klink.tokens.VerificationResult;
import dev.klink.tokens.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two application nodes, each with its own TokenService and store, sharing one PostgreSQL database. */
class TwoNodesPostgresTest {

    private static final Instant START = Instant.parse("2026-06-01T08:00:00.000001Z");

    private static TestDatabase database;

    private final MutableClock clockA = MutableClock.at(START);
    private final MutableClock clockB = MutableClock.at(START);
    private TokenService nodeA;
    private TokenService nodeB;

    @AfterAll
    static void dropSchema() {
        if (database != null) {
            database.dropSchema();
        }
    }

    @BeforeEach
    void startNodes() {
        if (database == null) {
            // opened here, not in @BeforeAll, so that a missing database shows as skipped tests in the reports
            database = TestDatabase.postgres("klink_2n_pg_");
            database.createSchema();
        }
        database.deleteAllTokens();
        nodeA = node(clockA);
        nodeB = node(clockB);
    }

    @AfterEach
    void stopNodes() {
        if (nodeA != null) {
            nodeA.close();
            nodeB.close();
        }
    }

    private static TokenService node(MutableClock clock) {
        // each node gets its own Jdbi and store, as separate JVMs would
        JdbiTokenStore store = JdbiTokenStore.builder(database.newJdbi()).tablePrefix(database.tablePrefix())
                .build();
        return TokenService.builder(store).clock(clock).backgroundUsageFlush(false)
                .usageFlushInterval(Duration.ofSeconds(60)).build();
    }

    private IssuedToken issueOnA() {
        return nodeA.issue(IssueRequest.builder("acme", "alice").name("deploy").abilities("orders:read", "orders:write")
                .expiresInDays(30).build());
    }

    @Test
    void verifyWhenIssuedOnAThenValidOnBWithTheSamePrincipal() {
        IssuedToken issued = issueOnA();

        VerificationResult result = nodeB.verify(issued.plaintext(), "acme", AbilityCheck.all("orders:write"), null);

        assertThat(result).isValid();
        TokenPrincipal principal = result.requirePrincipal();
        assertThat(principal.tenantId()).isEqualTo("acme");
        assertThat(principal.ownerId()).isEqualTo("alice");
        assertThat(principal.tokenId()).isEqualTo(issued.info().id());
        assertThat(principal.tokenName()).isEqualTo("deploy");
        assertThat(principal.abilities()).containsExactlyInAnyOrder("orders:read", "orders:write");
    }

    @Test
    void verifyWhenRevokedOnBThenNextVerificationOnAIsRevoked() {
        IssuedToken issued = issueOnA();
        assertThat(nodeA.verify(issued.plaintext())).isValid();

        nodeB.revoke("acme", issued.info().id(), "security-team", "leaked");
        VerificationResult result = nodeA.verify(issued.plaintext());

        assertThat(result).isFailed(VerificationFailure.REVOKED);
        assertThat(nodeA.get("acme", issued.info().id()).orElseThrow().revokedBy()).isEqualTo("security-team");
    }

    @Test
    void flushUsageWhenLaterUseFlushedFirstThenStoredValueStaysTheLaterInstant() {
        IssuedToken issued = issueOnA();
        clockA.set(START.plusSeconds(20));
        clockB.set(START.plusSeconds(10));
        assertThat(nodeA.verify(issued.plaintext(), null, AbilityCheck.none(), "10.0.0.1")).isValid();
        assertThat(nodeB.verify(issued.plaintext(), null, AbilityCheck.none(), "10.0.0.2")).isValid();

        assertThat(nodeA.flushUsage()).isOne();
        assertThat(nodeB.flushUsage()).isOne();

        var stored = nodeA.store().findById(issued.info().id()).orElseThrow();
        assertThat(stored.lastUsedAt()).isEqualTo(START.plusSeconds(20));
        assertThat(stored.lastUsedIp()).isEqualTo("10.0.0.1");
    }

    @Test
    void flushUsageWhenEarlierUseFlushedFirstThenStoredValueMovesToTheLaterInstant() {
        IssuedToken issued = issueOnA();
        clockA.set(START.plusSeconds(10));
        clockB.set(START.plusSeconds(20));
        assertThat(nodeA.verify(issued.plaintext(), null, AbilityCheck.none(), "10.0.0.1")).isValid();
        assertThat(nodeB.verify(issued.plaintext(), null, AbilityCheck.none(), "10.0.0.2")).isValid();

        assertThat(nodeA.flushUsage()).isOne();
        assertThat(nodeB.flushUsage()).isOne();

        var stored = nodeB.store().findById(issued.info().id()).orElseThrow();
        assertThat(stored.lastUsedAt()).isEqualTo(START.plusSeconds(20));
        assertThat(stored.lastUsedIp()).isEqualTo("10.0.0.2");
        assertThat(nodeA.get("acme", issued.info().id()).orElseThrow().lastUsedAt()).isEqualTo(START.plusSeconds(20));
    }
}
