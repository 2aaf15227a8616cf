package dev.klink.tokens.spring.autoconfigure;

import dev.klink.tokens.caffeine.CachingTokenStore;
import dev.klink.tokens.spi.TokenStore;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Puts a {@link CachingTokenStore} in front of the token store when {@code klink.tokens.cache.enabled=true} and
 * {@code klink-tokens-caffeine} is on the class path. The cache is the primary {@link TokenStore}, so the
 * {@code TokenService} reads through it; the store it wraps stays a bean of its own type (the JDBI migration still
 * finds its {@code JdbiTokenStore}).
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
            ObjectProvider<Clock> clock) {
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
        return builder.build();
    }
}
