package dev.klink.tokens.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.spi.StoredToken;
import dev.klink.tokens.testing.MutableClock;
import dev.klink.tokens.testing.StoredTokens;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Random;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Flyway runs {@code db/klink/<dialect>} as shipped (default prefix, in a schema of the test's own), and
 * {@link JdbiTokenStore#migrate()} afterwards adopts that schema instead of failing on it.
 */
abstract class FlywayScriptsTestBase {

    private final JdbiDialect dialect;
    private final String schema;
    private TestDatabase database;

    /** {@code schema}: a schema (MariaDB: a database) only this test class uses. */
    FlywayScriptsTestBase(JdbiDialect dialect, String schema) {
        this.dialect = dialect;
        this.schema = schema;
    }

    abstract TestDatabase openDatabase();

    /** Points a new connection at the test's schema. */
    void useSchema(Connection connection) throws SQLException {
        connection.setSchema(schema);
    }

    String dropSchemaSql() {
        return "DROP SCHEMA IF EXISTS " + schema + " CASCADE";
    }

    @BeforeEach
    void dropLeftovers() {
        database = openDatabase();
        database.jdbi().useHandle(handle -> handle.execute(dropSchemaSql()));
    }

    @AfterEach
    void dropSchema() {
        if (database != null) {
            database.jdbi().useHandle(handle -> handle.execute(dropSchemaSql()));
        }
    }

    @Test
    void flywayWhenRunOnTheShippedScriptsThenMigrateAdoptsTheSchemaAndTheStoreWorks() {
        Flyway flyway = Flyway.configure()
                .dataSource(database.url(), null, null)
                .locations(dialect.flywayLocation())
                .schemas(schema)
                .createSchemas(true)
                .load();

        MigrateResult result = flyway.migrate();

        assertThat(result.migrationsExecuted).isEqualTo(7);
        MigrationInfo current = flyway.info().current();
        assertThat(current.getVersion()).hasToString("7");
        assertThat(current.getScript()).isEqualTo("V7__tenant_keyset_index.sql");

        Jdbi inSchema = Jdbi.create(() -> {
            Connection connection = DriverManager.getConnection(database.url());
            useSchema(connection);
            return connection;
        });
        JdbiTokenStore store = JdbiTokenStore.create(inSchema);
        store.migrate();
        int versions = inSchema.withHandle(handle -> handle.select("SELECT COUNT(*) FROM klink_schema_version")
                .mapTo(Integer.class).one());
        assertThat(versions).isEqualTo(7);

        StoredToken token = StoredTokens.create(MutableClock.at("2026-01-01T00:00:00Z"), new Random(1)).token()
                .build();
        store.insert(token);
        assertThat(store.findById(token.id())).contains(token);
        assertThat(flyway.migrate().migrationsExecuted).isZero();
    }
}
