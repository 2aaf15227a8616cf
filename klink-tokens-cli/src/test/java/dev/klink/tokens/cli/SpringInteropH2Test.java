package dev.klink.tokens.cli;

import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/** {@link SpringInteropTestBase} on H2, the settings in an {@code application.yml}. */
class SpringInteropH2Test extends SpringInteropTestBase {

    private final String url = "jdbc:h2:mem:interop-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

    @Override
    String jdbcUrl() {
        return url;
    }

    @Override
    DataSource dataSource(String url) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(url);
        return dataSource;
    }

    @Override
    String tablePrefix() {
        return "demo_";
    }

    @Override
    String configFileName() {
        return "application.yml";
    }

    @Override
    String configFile(String tablePrefix) {
        return """
                # the demo's settings, as YAML
                spring:
                  application:
                    name: klink-tokens-demo
                klink:
                  tokens:
                    prefix: demo_pat
                    accepted-prefixes: klink_pat
                    jdbc:
                      table-prefix: %s
                    hashing:
                      keys:
                        - id: k2026
                          secret: ${KLINK_HMAC_KEY}
                    abilities:
                      - name: orders:read
                        description: Read orders and their status
                      - name: orders:write
                        description: Create and update orders
                        implies: orders:read
                      - name: customers:read
                        description: Read customer records
                      - name: webhooks:manage
                        description: Create, change and delete webhook subscriptions
                    policy:
                      max-lifetime: 180d
                      default-lifetime: 30d
                    management:
                      enabled: true
                    usage:
                      flush-interval: 60s
                """.formatted(tablePrefix);
    }
}
