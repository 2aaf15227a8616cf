package dev.klink.tokens.cli;

import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@link SpringInteropTestBase} on PostgreSQL at {@code $KLINK_TEST_POSTGRES_URL} (skipped without it), the settings
 * in an {@code application.properties} as the demo keeps them.
 */
class SpringInteropPostgresTest extends SpringInteropTestBase {

    @Override
    String jdbcUrl() {
        return TestDatabases.postgres();
    }

    @Override
    DataSource dataSource(String url) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(url);
        return dataSource;
    }

    @Override
    String tablePrefix() {
        return "klink_cli_interop_";
    }

    @Override
    String configFileName() {
        return "application.properties";
    }

    @Override
    String configFile(String tablePrefix) {
        return """
                klink.tokens.prefix=demo_pat
                klink.tokens.accepted-prefixes=klink_pat
                klink.tokens.jdbc.table-prefix=%s
                klink.tokens.hashing.keys[0].id=k2026
                klink.tokens.hashing.keys[0].secret=${KLINK_HMAC_KEY}
                klink.tokens.abilities[0].name=orders:read
                klink.tokens.abilities[0].description=Read orders and their status
                klink.tokens.abilities[1].name=orders:write
                klink.tokens.abilities[1].description=Create and update orders
                klink.tokens.abilities[1].implies=orders:read
                klink.tokens.abilities[2].name=customers:read
                klink.tokens.abilities[2].description=Read customer records
                klink.tokens.abilities[3].name=webhooks:manage
                klink.tokens.abilities[3].description=Create, change and delete webhook subscriptions
                klink.tokens.policy.max-lifetime=180d
                klink.tokens.policy.default-lifetime=30d
                klink.tokens.management.enabled=true
                klink.tokens.usage.flush-interval=60s
                """.formatted(tablePrefix);
    }
}
