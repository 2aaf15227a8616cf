package dev.klink.tokens.benchmarks;

import static dev.klink.tokens.testing.VerificationResultAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openjdk.jmh.infra.Blackhole;

/** The database contenders on embedded H2: each finds the same row, and only the Sanctum style writes it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DbVerifyBenchmarkTest {

    private final DbVerifyBenchmark benchmark = new DbVerifyBenchmark();
    private final DbVerifyBenchmark.ThreadMac mac = new DbVerifyBenchmark.ThreadMac();
    private final Blackhole blackhole = new Blackhole(
            "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

    @BeforeAll
    void setUp() throws Exception {
        benchmark.database = "h2";
        benchmark.setUp();
        mac.setUp();
    }

    @AfterAll
    void tearDown() {
        benchmark.tearDown();
        blackhole.evaporate("Yes, I am Stephen Hawking, and know a thing or two about black holes.");
    }

    @Test
    void klinkJdbiWhenRunThenValidForTheOwner() {
        assertThat(benchmark.klinkJdbi()).isValid().hasPrincipalOwnerId(Fixtures.OWNER);
    }

    @Test
    void klinkJdbiCachedWhenRunTwiceThenValidForTheOwnerBothTimes() {
        assertThat(benchmark.klinkJdbiCached()).isValid().hasPrincipalOwnerId(Fixtures.OWNER);
        assertThat(benchmark.klinkJdbiCached()).isValid().hasPrincipalOwnerId(Fixtures.OWNER);
    }

    @Test
    void rawJdbcSelectWhenRunThenFindsTheRowAndWhenIdUnknownThenThrows() {
        assertThatCode(() -> benchmark.rawJdbcSelect(blackhole)).doesNotThrowAnyException();

        String tokenId = benchmark.tokenId;
        benchmark.tokenId = "0000000000000000";
        try {
            assertThatIllegalStateException().isThrownBy(() -> benchmark.rawJdbcSelect(blackhole))
                    .withMessage("the benchmark token is missing");
        } finally {
            benchmark.tokenId = tokenId;
        }
    }

    @Test
    void sanctumStyleWhenRunThenHashMatchesAndLastUseWritten() throws Exception {
        assertThat(benchmark.sanctumStyle(mac, blackhole)).isTrue();

        try (Connection connection = benchmark.dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT last_used_at, last_used_ip FROM "
                        + DbVerifyBenchmark.TABLE_PREFIX + "tokens WHERE id = ?")) {
            select.setString(1, benchmark.tokenId);
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getObject(1, OffsetDateTime.class)).isNotNull();
                assertThat(row.getString(2)).isEqualTo(Fixtures.CLIENT_IP);
            }
        }
    }

    @Test
    void dataSourceWhenUnknownDatabaseThenRejectedNamingTheSetting() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DbVerifyBenchmark.dataSource("oracle"))
                .withMessage("database must be h2 or postgres, was 'oracle'");
    }
}
