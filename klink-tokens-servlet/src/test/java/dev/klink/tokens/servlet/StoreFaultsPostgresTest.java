package dev.klink.tokens.servlet;

import com.zaxxer.hikari.HikariConfig;

/** {@link DatabaseFaultsTestBase} against PostgreSQL ({@code KLINK_TEST_POSTGRES_URL}). */
class StoreFaultsPostgresTest extends DatabaseFaultsTestBase {

    @Override
    String urlVariable() {
        return "KLINK_TEST_POSTGRES_URL";
    }

    @Override
    int defaultPort() {
        return 5432;
    }

    @Override
    String tablePrefix() {
        return "klink_faults_pg_";
    }

    @Override
    void driverTimeouts(HikariConfig config) {
        // pgjdbc takes seconds
        config.addDataSourceProperty("connectTimeout", "1");
        config.addDataSourceProperty("loginTimeout", "2");
        config.addDataSourceProperty("socketTimeout", Long.toString(SOCKET_TIMEOUT.toSeconds()));
    }
}
