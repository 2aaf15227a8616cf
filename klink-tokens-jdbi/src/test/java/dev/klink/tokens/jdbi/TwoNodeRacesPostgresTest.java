package dev.klink.tokens.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.IssuedToken;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.VerificationFailure;
import dev.klink.tokens.VerificationResult;
import dev.klink.tokens.testing.VerificationResultAssert;
import dev.klink.tokens.testing.LoadLoop;
import dev.klink.tokens.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Two application nodes (each its own {@link TokenService}, pool and store) over one PostgreSQL database, raced by
 * several threads: revocation on either node is final on both at once, a rotation's grace period ends exactly when
 * the clock says, and {@link TokenService#close()} loses no use silently.
 */
class TwoNodeRacesPostgresTest {

    private static final Instant START = Instant.parse("2026-09-01T08:00:00Z");
    private static final int THREADS = 4;

    private static TestDatabase database;

    private final MutableClock clock = MutableClock.at(START);
    private final List<HikariDataSource> pools = new ArrayList<>();
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
            database = TestDatabase.postgres("klink_races2_pg_");
            database.createSchema();
        }
        database.deleteAllTokens();
        nodeA = node();
        nodeB = node();
    }

    @AfterEach
    void stopNodes() {
        if (nodeA != null) {
            nodeA.close();
            nodeB.close();
        }
        pools.forEach(HikariDataSource::close);
    }

    private TokenService node() {
        return TokenService.builder(store()).clock(clock).backgroundUsageFlush(false).build();
    }

    /** A store of its own, over its own pool, as another JVM would have. */
    private JdbiTokenStore store() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.url());
        config.setMaximumPoolSize(THREADS);
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return JdbiTokenStore.builder(Jdbi.create(pool)).tablePrefix(database.tablePrefix()).clock(clock).build();
    }

    private IssuedToken issue(String owner) {
        return nodeA.issue(IssueRequest.builder("acme", owner).name("race").abilities("orders:read")
                .expiresInDays(30).build());
    }

    /** One verification: when it started and ended (nanoTime), and what it answered. */
    private record Verification(long started, long ended, VerificationResult result) {
    }

    @Test
    void verifyWhenRevokedOnEitherNodeThenNoVerificationStartedAfterwardsSucceedsOnEither() throws Exception {
        int afterRevocation = 0;
        for (int round = 0; round < 10; round++) {
            IssuedToken token = issue("revoked-" + round);
            TokenService revoker = round % 2 == 0 ? nodeA : nodeB;
            LoadLoop<Verification> load = LoadLoop.start(THREADS, 100_000, Duration.ofSeconds(5), i -> {
                long started = System.nanoTime();
                VerificationResult result = (i % 2 == 0 ? nodeA : nodeB).verify(token.plaintext());
                return new Verification(started, System.nanoTime(), result);
            });
            awaitCalls(load, 20);
            revoker.revoke("acme", token.info().id(), "security", "race " + round);
            long revoked = System.nanoTime();
            awaitCalls(load, load.completed() + 20);
            load.stop();

            List<LoadLoop.Call<Verification>> calls = load.await();
            assertThat(calls).as("verifications in round %d", round)
                    .anyMatch(call -> call.result().ended() < revoked && call.result().result().isValid());
            for (LoadLoop.Call<Verification> call : calls) {
                Verification verification = call.result();
                if (verification.started() > revoked) {
                    afterRevocation++;
                    VerificationResultAssert.assertThat(verification.result()).as("a verification started after "
                            + "the revocation returned, round %d", round).isFailed(VerificationFailure.REVOKED);
                }
            }
        }
        assertThat(afterRevocation).as("verifications started after a revocation").isGreaterThanOrEqualTo(200);
    }

    @Test
    void verifyWhenRotatedWithGraceThenOldTokenValidUntilGraceEndsAndNeverAfterOnEitherNode() throws Exception {
        IssuedToken old = issue("rotated");
        Duration grace = Duration.ofMinutes(5);
        IssuedToken replacement = nodeB.rotate("acme", old.info().id(), grace, "alice");
        Instant graceEnd = START.plus(grace);

        // the clock moves across the end of the grace period in 10 s steps while both nodes verify the old token
        LoadLoop<Verification> load = LoadLoop.start(THREADS, 100_000, Duration.ofSeconds(10), i -> {
            long before = clock.instant().toEpochMilli();
            VerificationResult result = (i % 2 == 0 ? nodeA : nodeB).verify(old.plaintext());
            long after = clock.instant().toEpochMilli();
            return new Verification(before, after, result);
        });
        for (int step = 0; step < 40 && load.completed() < 100_000; step++) {
            int seen = load.completed();
            awaitCalls(load, seen + 10);
            clock.advance(Duration.ofSeconds(10));
        }
        load.stop();
        List<LoadLoop.Call<Verification>> calls = load.await();

        int validInGrace = 0;
        int refusedAfter = 0;
        for (LoadLoop.Call<Verification> call : calls) {
            Verification verification = call.result();
            if (verification.ended() < graceEnd.toEpochMilli()) {
                validInGrace++;
                assertThat(verification.result().isValid()).as("the old token within the grace period").isTrue();
            } else if (verification.started() >= graceEnd.toEpochMilli()) {
                refusedAfter++;
                VerificationResultAssert.assertThat(verification.result()).as("the old token after the grace period")
                        .isFailed(VerificationFailure.REVOKED);
            }
        }
        assertThat(validInGrace).isGreaterThanOrEqualTo(100);
        assertThat(refusedAfter).isGreaterThanOrEqualTo(100);
        assertThat(nodeA.verify(replacement.plaintext()).isValid()).isTrue();
        assertThat(nodeB.verify(replacement.plaintext()).isValid()).isTrue();
    }

    @Test
    void closeWhenVerificationsInFlightThenEveryUseIsWrittenOrReported() throws Exception {
        int perThread = 150;
        List<IssuedToken> tokens = new ArrayList<>();
        for (int i = 0; i < THREADS * perThread; i++) {
            tokens.add(issue("closing-" + i));
        }
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(TokenService.class);
        logs.start();
        logger.addAppender(logs);
        Set<String> used = ConcurrentHashMap.newKeySet();
        long closed;
        List<LoadLoop.Call<Boolean>> calls;
        try {
            // each token is used once, on a node that closes while the loop runs (its final flush gives up after
            // 100 ms, so that uses go on after close() has returned)
            TokenService closing = TokenService.builder(store()).clock(clock).backgroundUsageFlush(false)
                    .shutdownFlushTimeout(Duration.ofMillis(100)).build();
            LoadLoop<Boolean> load = LoadLoop.start(THREADS, tokens.size(), Duration.ofSeconds(20), i -> {
                IssuedToken token = tokens.get(i);
                Thread.sleep(1); // paced, so that the loop outlasts close()
                boolean valid = closing.verify(token.plaintext()).isValid();
                if (valid) {
                    used.add(token.info().id());
                }
                return valid;
            });
            awaitCalls(load, tokens.size() / 4);
            closing.close();
            closed = System.nanoTime();
            calls = load.await();
            assertThat(calls).hasSize(tokens.size());
        } finally {
            logger.detachAppender(logs);
        }

        int reported = 0;
        for (ILoggingEvent event : logs.list) {
            if (event.getFormattedMessage().startsWith("Could not write the last use of ")) {
                reported += (Integer) event.getArgumentArray()[0];
            }
        }
        int written = 0;
        for (IssuedToken token : tokens) {
            if (nodeB.store().findById(token.info().id()).orElseThrow().lastUsedAt() != null) {
                assertThat(used).contains(token.info().id());
                written++;
            }
        }
        long afterClose = calls.stream().filter(call -> call.startedNanos() > closed).count();
        System.out.printf("close() during %d verifications (%d started after close returned): %d uses written, %d"
                + " reported lost%n", used.size(), afterClose, written, reported);
        assertThat(afterClose).as("verifications started after close() returned").isPositive();
        assertThat(used).hasSize(tokens.size());
        assertThat(written + reported).as("uses written (%d) or reported lost (%d)", written, reported)
                .isGreaterThanOrEqualTo(used.size());
    }

    /** Bounded polling until the loop has completed {@code calls} calls. */
    private static void awaitCalls(LoadLoop<?> load, int calls) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (load.completed() < calls) {
            assertThat(System.nanoTime()).as("%d calls within 10 s", calls).isLessThan(deadline);
            Thread.sleep(1);
        }
    }
}
