package dev.klink.tokens.jdbi;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.testing.MutableClock;
import dev.klink.tokens.testing.TokenServiceRaces;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rotation racing revocation on PostgreSQL: never a live replacement of a revoked token. */
class TokenServiceRacesPostgresTest {

    /** A clock that stands still: who revoked the old token then tells which call came first. */
    private static final MutableClock STILL = MutableClock.at(Instant.parse("2026-05-01T08:00:00Z"));

    private TestDatabase database;
    private HikariDataSource pool;
    private TokenService service;

    @BeforeEach
    void open() {
        database = TestDatabase.postgres("klink_race_pg_");
        database.createSchema();
        // pooled connections, so that a thousand rounds measure the race rather than connecting
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.url());
        config.setMaximumPoolSize(4);
        pool = new HikariDataSource(config);
        JdbiTokenStore store = JdbiTokenStore.builder(Jdbi.create(pool)).tablePrefix(database.tablePrefix()).build();
        service = TokenService.builder(store).clock(STILL)
                .backgroundUsageFlush(false).build();
    }

    @AfterEach
    void drop() {
        if (service != null) {
            service.close();
        }
        if (pool != null) {
            pool.close();
        }
        if (database != null) {
            database.dropSchema();
        }
    }

    @Test
    void rotateWhileRevokingThenNeverALiveReplacementOfARevokedToken() throws Exception {
        TokenServiceRaces.rotateWhileRevoking(service, 1_000, false);
    }

    @Test
    void rotateWhileRevokingAllForOwnerThenNeverALiveReplacementOfARevokedToken() throws Exception {
        TokenServiceRaces.rotateWhileRevoking(service, 1_000, true);
    }
}
