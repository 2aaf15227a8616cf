package dev.klink.tokens.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Defaults of {@link JdbiTokenSchema}, its script paths, and the schema a store shares. The store's builder sets
 * the schema's, so {@link JdbiTokenStoreBuilderTest} covers the prefix and dialect settings.
 */
class JdbiTokenSchemaBuilderTest {

    private final Jdbi h2 = Jdbi.create("jdbc:h2:mem:schema-builder-test");

    @Test
    void buildWhenDefaultsThenKlinkPrefixedTables() {
        JdbiTokenSchema schema = JdbiTokenSchema.builder(h2).build();

        assertThat(schema.tablePrefix()).isEqualTo("klink_");
        assertThat(schema.tokensTable()).isEqualTo("klink_tokens");
        assertThat(schema.schemaVersionTable()).isEqualTo("klink_schema_version");
    }

    @Test
    void scriptPathNamesTheShippedFlywayScript() {
        assertThat(JdbiTokenSchema.scriptPath(JdbiDialect.POSTGRESQL, 1))
                .isEqualTo("db/klink/postgresql/V1__klink_tokens.sql");
        assertThat(JdbiTokenSchema.scriptPath(JdbiDialect.MYSQL, 1)).isEqualTo("db/klink/mysql/V1__klink_tokens.sql");
        assertThat(JdbiTokenSchema.scriptPath(JdbiDialect.H2, 2)).isEqualTo("db/klink/h2/V2__revoked_immediately.sql");
        assertThat(JdbiTokenSchema.scriptPath(JdbiDialect.H2, 3)).isEqualTo("db/klink/h2/V3__invalidations.sql");
        assertThat(JdbiTokenSchema.scriptPath(JdbiDialect.MYSQL, 7))
                .isEqualTo("db/klink/mysql/V7__tenant_keyset_index.sql");
        assertThat(JdbiTokenSchema.scriptPath(JdbiDialect.MYSQL, 5)).isEqualTo("db/klink/mysql/V5__expiry_reminders.sql");
        assertThat(JdbiTokenSchema.scriptPath(JdbiDialect.MYSQL, 4)).isEqualTo("db/klink/mysql/V4__allowed_ips.sql");
    }

    @ParameterizedTest
    @EnumSource(JdbiDialect.class)
    void scriptPathWhenShippedThenOnTheClasspath(JdbiDialect dialect) {
        assertThat(getClass().getClassLoader().getResource(JdbiTokenSchema.scriptPath(dialect, 1))).isNotNull();
        assertThat(getClass().getClassLoader().getResource(JdbiTokenSchema.scriptPath(dialect, 2))).isNotNull();
        assertThat(getClass().getClassLoader().getResource(JdbiTokenSchema.scriptPath(dialect, 3))).isNotNull();
        assertThat(getClass().getClassLoader().getResource(JdbiTokenSchema.scriptPath(dialect, 7))).isNotNull();
        assertThat(getClass().getClassLoader().getResource(JdbiTokenSchema.scriptPath(dialect, 5))).isNotNull();
        assertThat(getClass().getClassLoader().getResource(JdbiTokenSchema.scriptPath(dialect, 6))).isNotNull();
        assertThat(getClass().getClassLoader().getResource(JdbiTokenSchema.scriptPath(dialect, 4))).isNotNull();
    }

    @Test
    void scriptPathWhenVersionNotShippedThenIllegalArgument() {
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> JdbiTokenSchema.scriptPath(JdbiDialect.H2, 8))
                .withMessage("version must be one of the shipped schema versions 1, 2, 3, 4, 5, 6, 7, was 8");
    }

    @Test
    void storeSchemaWhenBuiltThenSharesPrefixAndDialect() {
        JdbiTokenStore store = JdbiTokenStore.builder(h2).tablePrefix("acme_").build();

        assertThat(store.schema().tablePrefix()).isEqualTo("acme_");
        assertThat(store.schema().tokensTable()).isEqualTo(store.tokensTable());
        assertThat(store.dialect()).isEqualTo(JdbiDialect.H2);
        assertThat(store.schema()).hasToString("JdbiTokenSchema[tables=acme_tokens, acme_schema_version, "
                + "dialect=H2]");
    }
}
