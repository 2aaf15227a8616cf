package dev.klink.tokens.servlet;

import com.zaxxer.hikari.HikariConfig;

/** {@link DatabaseFaultsTestBase} against MariaDB ({@code KLINK_TEST_MARIADB_URL}). */
class StoreFaultsMariaDbTest extends DatabaseFaultsTestBase {

    @Override
    String urlVariable() {
        return "KLINK_TEST_MARIADB_URL";
    }

    @Override
    int defaultPort() {
        return 3306;
    }

    @Override
    String tablePrefix() {
        return "klink_faults_maria_";
    }

    @Override
    void driverTimeouts(HikariConfig config) {
        // MariaDB Connector/J takes milliseconds
        config.addDataSourceProperty("connectTimeout", "1000");
        config.addDataSourceProperty("socketTimeout", Long.toString(SOCKET_TIMEOUT.toMillis()));
    }
}
