package dev.klink.tokens.spring.autoconfigure;

import dev.klink.tokens.caffeine.CachingTokenStore;
import dev.klink.tokens.jdbi.JdbiDialect;
import dev.klink.tokens.jdbi.JdbiTokenSchema;
import dev.klink.tokens.jdbi.JdbiTokenStore;
import dev.klink.tokens.jdbi.PollingInvalidationChannel;
import dev.klink.tokens.jdbi.PostgresNotifyInvalidationChannel;
import dev.klink.tokens.spi.InvalidationChannel;
import dev.klink.tokens.spi.TokenStore;
import dev.klink.tokens.spring.autoconfigure.KlinkTokensProperties.Cache.Invalidation;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.context.annotation.Primary;

/**
 * Puts a {@link CachingTokenStore} in front of the token store when {@code klink.tokens.cache.enabled=true} and
 * {@code klink-tokens-caffeine} is on the class path. The cache is the primary {@link TokenStore}, so the
 * {@code TokenService} reads through it; the store it wraps stays a bean of its own type (the JDBI migration still
 * finds its {@code JdbiTokenStore}).
 *
 * <p>With the JDBI store, an {@link InvalidationChannel} tells the other nodes' caches what changed, as
 * {@code klink.tokens.cache.invalidation} says: by default PostgreSQL {@code LISTEN/NOTIFY} on PostgreSQL and polling
 * the invalidation log table on any other database. The JDBI store announces each change on it inside the
 * transaction of the change. An {@link InvalidationChannel} bean of the application's replaces it.
 */
@AutoConfiguration(after = { KlinkTokensJdbiAutoConfiguration.class, KlinkTokensAutoConfiguration.class })
@ConditionalOnClass(CachingTokenStore.class)
@ConditionalOnBooleanProperty("klink.tokens.cache.enabled")
@EnableConfigurationProperties(KlinkTokensProperties.class)
public final class KlinkTokensCacheAutoConfiguration {

    private static final String BEAN = "klinkCachingTokenStore";

    @Bean(BEAN)
    @Primary
    @ConditionalOnMissingBean(CachingTokenStore.class)
    CachingTokenStore klinkCachingTokenStore(KlinkTokensProperties properties, ListableBeanFactory beans,
            ObjectProvider<Clock> clock, ObjectProvider<InvalidationChannel> channel) {
        // by name, so that asking for the wrapped store never asks for this bean, which is a TokenStore as well
        List<String> stores = Arrays.stream(beans.getBeanNamesForType(TokenStore.class))
                .filter(name -> !name.equals(BEAN)).toList();
        if (stores.size() != 1) {
            throw new IllegalStateException("klink.tokens.cache.enabled needs exactly one TokenStore bean to put the "
                    + "cache in front of, found " + stores);
        }
        KlinkTokensProperties.Cache cache = properties.getCache();
        CachingTokenStore.Builder builder = CachingTokenStore.builder(beans.getBean(stores.get(0), TokenStore.class))
                .clock(clock.getIfUnique(Clock::systemUTC));
        PropertyChecks.apply("cache.maximum-size", cache.getMaximumSize(),
                () -> builder.maximumSize(cache.getMaximumSize()));
        PropertyChecks.apply("cache.time-to-live", cache.getTimeToLive(),
                () -> builder.timeToLive(cache.getTimeToLive()));
        PropertyChecks.apply("cache.negative-maximum-size", cache.getNegativeMaximumSize(),
                () -> builder.negativeMaximumSize(cache.getNegativeMaximumSize()));
        PropertyChecks.apply("cache.negative-time-to-live", cache.getNegativeTimeToLive(),
                () -> builder.negativeTimeToLive(cache.getNegativeTimeToLive()));
        channel.ifUnique(builder::invalidationChannel);
        return builder.build();
    }

    /** The invalidation channel of the JDBI store's database, unless {@code invalidation=none}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ Jdbi.class, JdbiTokenStore.class })
    @ConditionalOnBean(JdbiTokenStore.class)
    @Conditional(InvalidationChannelConfiguration.NotNone.class)
    static class InvalidationChannelConfiguration {

        private static final String PROPERTY = "cache.invalidation";

        // built from the database rather than from the store, which takes the channel to announce on it
        @Bean
        @ConditionalOnMissingBean(InvalidationChannel.class)
        InvalidationChannel klinkInvalidationChannel(KlinkTokensProperties properties, ObjectProvider<Jdbi> jdbi,
                ObjectProvider<DataSource> dataSource) {
            KlinkTokensProperties.Cache cache = properties.getCache();
            String tablePrefix = properties.getJdbc().getTablePrefix();
            Jdbi source = jdbi.getIfUnique(() -> Jdbi.create(dataSource.getObject()));
            JdbiDialect dialect = JdbiTokenSchema.builder(source).tablePrefix(tablePrefix).build().dialect();
            Invalidation kind = cache.getInvalidation();
            if (kind == Invalidation.NOTIFY && dialect != JdbiDialect.POSTGRESQL) {
                throw PropertyChecks.invalid(PROPERTY, "notify", "needs PostgreSQL, the database is " + dialect
                        + "; use \"polling\" or \"auto\"");
            }
            if (kind == Invalidation.NOTIFY || (kind == Invalidation.AUTO && dialect == JdbiDialect.POSTGRESQL)) {
                return PostgresNotifyInvalidationChannel.builder(source).tablePrefix(tablePrefix).build();
            }
            PollingInvalidationChannel.Builder polling = PollingInvalidationChannel.builder(source)
                    .tablePrefix(tablePrefix);
            PropertyChecks.apply("cache.poll-interval", cache.getPollInterval(),
                    () -> polling.pollInterval(cache.getPollInterval()));
            return polling.build();
        }

        /** Any {@code klink.tokens.cache.invalidation} but {@code none}. */
        static final class NotNone extends NoneNestedConditions {

            NotNone() {
                super(ConfigurationCondition.ConfigurationPhase.REGISTER_BEAN);
            }

            @ConditionalOnProperty(name = "klink.tokens." + PROPERTY, havingValue = "none")
            static final class None {
            }
        }
    }
}
