package dev.klink.tokens.readme;

// readme:begin
import com.zaxxer.hikari.HikariConfig;
// readme:end

/** README "Timeouts": the pool and driver settings the database fault tests run with. */
public final class JdbiTimeouts {

    private JdbiTimeouts() {
    }

    // readme:begin
    static HikariConfig failFast() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://db:5432/app");
        config.setConnectionTimeout(1_000);                       // wait at most 1 s for a pooled connection
        config.setValidationTimeout(500);                         // and 0.5 s to check one is alive
        // PostgreSQL (pgjdbc, seconds): connect, log in, and wait for any answer
        config.addDataSourceProperty("connectTimeout", "1");
        config.addDataSourceProperty("loginTimeout", "2");
        config.addDataSourceProperty("socketTimeout", "1");
        // MariaDB Connector/J (milliseconds) instead:
        // config.addDataSourceProperty("connectTimeout", "1000");
        // config.addDataSourceProperty("socketTimeout", "1000");
        return config;
    }
    // readme:end
}
