package dev.klink.tokens.spring.autoconfigure;

import dev.klink.tokens.jdbi.JdbiTokenStore;
import dev.klink.tokens.spi.TokenStore;
import java.time.Clock;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.ConfigurationCondition;

/**
 * Keeps tokens in the application's database through {@link JdbiTokenStore} when {@code klink-tokens-jdbi} is on the
 * class path and the application has a {@link Jdbi} or a {@link DataSource} bean. The schema is created or upgraded
 * at start-up unless {@code klink.tokens.jdbc.migrate=false} (e.g. when Flyway runs the shipped scripts).
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration",
        "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration" })
@ConditionalOnClass({ Jdbi.class, JdbiTokenStore.class })
@Conditional(KlinkTokensJdbiAutoConfiguration.OnJdbiOrDataSource.class)
@EnableConfigurationProperties(KlinkTokensProperties.class)
public final class KlinkTokensJdbiAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KlinkTokensJdbiAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean(TokenStore.class)
    JdbiTokenStore klinkJdbiTokenStore(KlinkTokensProperties properties, ObjectProvider<Jdbi> jdbi,
            ObjectProvider<DataSource> dataSource, ObjectProvider<Clock> clock) {
        String tablePrefix = properties.getJdbc().getTablePrefix();
        JdbiTokenStore.Builder builder;
        Jdbi source = jdbi.getIfUnique(() -> Jdbi.create(dataSource.getObject()));
        try {
            builder = JdbiTokenStore.builder(source).tablePrefix(tablePrefix);
        } catch (IllegalArgumentException e) {
            throw PropertyChecks.invalid("jdbc.table-prefix", tablePrefix, e.getMessage());
        }
        JdbiTokenStore store = builder.clock(clock.getIfUnique(Clock::systemUTC)).build();
        if (properties.getJdbc().isMigrate()) {
            try {
                store.migrate();
            } catch (RuntimeException e) {
                throw new IllegalStateException("klink-tokens could not create or upgrade its tables "
                        + store.tokensTable() + " and " + store.schemaVersionTable() + ". Fix the database access, "
                        + "or set klink.tokens.jdbc.migrate=false and create them yourself from the scripts in "
                        + "klink-tokens-jdbi", e);
            }
            log.info("klink-tokens keeps tokens in table {} ({})", store.tokensTable(), store.dialect());
        }
        return store;
    }

    /** A {@link Jdbi} bean or a {@link DataSource} bean. */
    static final class OnJdbiOrDataSource extends AnyNestedCondition {

        OnJdbiOrDataSource() {
            super(ConfigurationCondition.ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnBean(Jdbi.class)
        static final class HasJdbi {
        }

        @ConditionalOnBean(DataSource.class)
        static final class HasDataSource {
        }
    }
}
