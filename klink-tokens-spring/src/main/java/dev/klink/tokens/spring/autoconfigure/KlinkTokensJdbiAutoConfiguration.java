package dev.klink.tokens.spring.autoconfigure;

import dev.klink.tokens.TokenService;
import dev.klink.tokens.jdbi.JdbiTokenStore;
import dev.klink.tokens.jdbi.PollingInvalidationChannel;
import dev.klink.tokens.jdbi.PostgresNotifyInvalidationChannel;
import dev.klink.tokens.spi.InvalidationChannel;
import dev.klink.tokens.spi.TokenStore;
import java.time.Clock;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AbstractDependsOnBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.ConfigurationCondition;

/**
 * Keeps tokens in the application's database through {@link JdbiTokenStore} when {@code klink-tokens-jdbi} is on the
 * class path and the application has a {@link Jdbi} or a {@link DataSource} bean. A
 * {@link KlinkTokensJdbiMigrationInitializer} creates or upgrades the schema at start-up, as
 * {@code klink.tokens.jdbc.migrate} says: by default unless the application has a Flyway or Liquibase bean (which then
 * runs the shipped scripts).
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration",
        "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
        "org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration" })
@ConditionalOnClass({ Jdbi.class, JdbiTokenStore.class })
@Conditional(KlinkTokensJdbiAutoConfiguration.OnJdbiOrDataSource.class)
@ConditionalOnMissingBean(TokenStore.class)
@EnableConfigurationProperties(KlinkTokensProperties.class)
public final class KlinkTokensJdbiAutoConfiguration {

    private static final String MIGRATE = "klink.tokens.jdbc.migrate";

    @Bean
    JdbiTokenStore klinkJdbiTokenStore(KlinkTokensProperties properties, ObjectProvider<Jdbi> jdbi,
            ObjectProvider<DataSource> dataSource, ObjectProvider<Clock> clock,
            ObjectProvider<InvalidationChannel> channel) {
        String tablePrefix = properties.getJdbc().getTablePrefix();
        JdbiTokenStore.Builder builder;
        Jdbi source = jdbi.getIfUnique(() -> Jdbi.create(dataSource.getObject()));
        try {
            builder = JdbiTokenStore.builder(source).tablePrefix(tablePrefix);
        } catch (IllegalArgumentException e) {
            throw PropertyChecks.invalid("jdbc.table-prefix", tablePrefix, e.getMessage());
        }
        // the store announces its changes in their transactions on a channel it can write to
        InvalidationChannel announceOn = channel.getIfUnique();
        if (announceOn instanceof PollingInvalidationChannel polling) {
            builder.invalidationChannel(polling);
        } else if (announceOn instanceof PostgresNotifyInvalidationChannel notify) {
            builder.invalidationChannel(notify);
        }
        return builder.clock(clock.getIfUnique(Clock::systemUTC)).build();
    }

    @Bean
    @ConditionalOnMissingBean
    @Conditional(OnMigrate.class)
    KlinkTokensJdbiMigrationInitializer klinkJdbiMigrationInitializer(JdbiTokenStore store) {
        return new KlinkTokensJdbiMigrationInitializer(store);
    }

    /** The {@link TokenService} is created after the tables are, so nothing can use the store before. */
    @Bean
    static TokenServiceDependsOnMigration klinkTokenServiceDependsOnMigration() {
        return new TokenServiceDependsOnMigration();
    }

    static final class TokenServiceDependsOnMigration extends AbstractDependsOnBeanFactoryPostProcessor {

        TokenServiceDependsOnMigration() {
            super(TokenService.class, KlinkTokensJdbiMigrationInitializer.class);
        }
    }

    /** {@code migrate=always}, or {@code auto} (the default) and no Flyway or Liquibase bean. */
    static final class OnMigrate extends AnyNestedCondition {

        OnMigrate() {
            super(ConfigurationCondition.ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnProperty(name = MIGRATE, havingValue = "always")
        static final class Always {
        }

        @ConditionalOnProperty(name = MIGRATE, havingValue = "auto", matchIfMissing = true)
        @ConditionalOnMissingBean(type = { "org.flywaydb.core.Flyway", "liquibase.integration.spring.SpringLiquibase" })
        static final class AutoWithoutMigrationTool {
        }
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
