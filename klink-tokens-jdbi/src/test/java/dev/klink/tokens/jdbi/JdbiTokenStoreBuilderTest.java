package dev.klink.tokens.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.file.Path;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Settings, dialect detection and the error for a database the store does not support. */
class JdbiTokenStoreBuilderTest {

    private final Jdbi h2 = Jdbi.create("jdbc:h2:mem:builder-test");

    @Test
    void createWhenDefaultsThenKlinkPrefixedTables() {
        JdbiTokenStore store = JdbiTokenStore.create(h2);

        assertThat(store.tablePrefix()).isEqualTo("klink_");
        assertThat(store.tokensTable()).isEqualTo("klink_tokens");
        assertThat(store.schemaVersionTable()).isEqualTo("klink_schema_version");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "acme_", "tenant1_pat_", "a234567890123456789012345678901"})
    void tablePrefixWhenValidThenUsedForBothTables(String prefix) {
        JdbiTokenStore store = JdbiTokenStore.builder(h2).tablePrefix(prefix).build();

        assertThat(store.tokensTable()).isEqualTo(prefix + "tokens");
        assertThat(store.schemaVersionTable()).isEqualTo(prefix + "schema_version");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Klink_", "1klink_", "_klink", "klink-", "klink_;drop", "a2345678901234567890123456789012"})
    void tablePrefixWhenInvalidThenIllegalArgumentNamingTheSetting(String prefix) {
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> JdbiTokenStore.builder(h2).tablePrefix(prefix))
                .withMessage("tablePrefix must match [a-z][a-z0-9_]{0,30}, was '" + prefix + "'");
    }

    @Test
    void dialectWhenSetOnTheBuilderThenNotDetected() {
        Jdbi unreachable = Jdbi.create("jdbc:h2:tcp://127.0.0.1:1/nothing");

        assertThat(JdbiTokenStore.builder(unreachable).dialect(JdbiDialect.POSTGRESQL).build().dialect())
                .isEqualTo(JdbiDialect.POSTGRESQL);
    }

    @ParameterizedTest
    @CsvSource({"H2,H2", "PostgreSQL,POSTGRESQL", "MySQL,MYSQL", "MariaDB,MYSQL"})
    void fromProductNameWhenSupportedThenDialect(String productName, JdbiDialect expected) {
        assertThat(JdbiDialect.fromProductName(productName)).isEqualTo(expected);
    }

    @Test
    void flywayLocationPointsAtTheDialectsScripts() {
        assertThat(JdbiDialect.H2.flywayLocation()).isEqualTo("classpath:db/klink/h2");
        assertThat(JdbiDialect.POSTGRESQL.flywayLocation()).isEqualTo("classpath:db/klink/postgresql");
        assertThat(JdbiDialect.MYSQL.flywayLocation()).isEqualTo("classpath:db/klink/mysql");
    }

    @Test
    void dialectWhenDatabaseUnsupportedThenIllegalStateNamingIt(@TempDir Path dir) {
        JdbiTokenStore store = JdbiTokenStore.create(Jdbi.create("jdbc:sqlite:" + dir.resolve("tokens.db")));

        assertThatExceptionOfType(IllegalStateException.class)
                .isThrownBy(store::dialect)
                .withMessage("klink-tokens JDBI store does not support the database 'SQLite'; supported are H2, "
                        + "PostgreSQL, MySQL and MariaDB");
        assertThatExceptionOfType(IllegalStateException.class)
                .isThrownBy(store::migrate)
                .withMessageContaining("'SQLite'");
    }
}
