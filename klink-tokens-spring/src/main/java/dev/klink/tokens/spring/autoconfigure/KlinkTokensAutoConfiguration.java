package dev.klink.tokens.spring.autoconfigure;

import dev.klink.tokens.AbilityCatalog;
import dev.klink.tokens.InMemoryTokenStore;
import dev.klink.tokens.TokenEventListener;
import dev.klink.tokens.TokenHasher;
import dev.klink.tokens.TokenPolicy;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.servlet.BearerErrorResponder;
import dev.klink.tokens.spi.GrantableAbilities;
import dev.klink.tokens.spi.TokenStore;
import dev.klink.tokens.spring.TokenPruner;
import dev.klink.tokens.spring.TokenServiceBuilderCustomizer;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.support.CronExpression;

/**
 * The core beans: hasher, ability catalog, policy, a store (the in-memory one when no other is configured) and the
 * {@link TokenService}, all from {@code klink.tokens.*} properties. Each backs off when the application declares its
 * own bean of that type. Without a {@link GrantableAbilities} bean, owners may grant exactly the abilities declared in
 * {@code klink.tokens.abilities}, never a wildcard ({@code *}, {@code orders:*}); with none declared, none.
 */
@AutoConfiguration(after = KlinkTokensJdbiAutoConfiguration.class)
@EnableConfigurationProperties(KlinkTokensProperties.class)
public final class KlinkTokensAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KlinkTokensAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    TokenHasher klinkTokenHasher(KlinkTokensProperties properties) {
        return CoreSettings.hasher(properties);
    }

    @Bean
    @ConditionalOnMissingBean
    AbilityCatalog klinkAbilityCatalog(KlinkTokensProperties properties) {
        return CoreSettings.catalog(properties);
    }

    @Bean
    @ConditionalOnMissingBean
    TokenPolicy klinkTokenPolicy(KlinkTokensProperties properties) {
        return CoreSettings.policy(properties);
    }

    @Bean
    @ConditionalOnMissingBean
    TokenStore klinkInMemoryTokenStore() {
        log.warn("klink-tokens keeps tokens in memory: they will not survive a restart. Add klink-tokens-jdbi and a "
                + "DataSource (or declare a TokenStore bean) to keep them in a database.");
        return new InMemoryTokenStore();
    }

    /*
     * close() writes the pending last-used times. Spring calls it while destroying singletons, which happens after
     * every SmartLifecycle bean has stopped, and the embedded web server is one of those (with graceful shutdown it
     * first lets in-flight requests finish). So the final flush sees every use and no request can add one after it.
     * The store (and its DataSource) depends on nothing of ours and is destroyed after this bean.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    TokenService klinkTokenService(KlinkTokensProperties properties, TokenStore store, TokenHasher hasher,
            AbilityCatalog catalog, TokenPolicy policy, ObjectProvider<Clock> clock,
            ObjectProvider<GrantableAbilities> grantable, ObjectProvider<TokenEventListener> listeners,
            ObjectProvider<TokenServiceBuilderCustomizer> customizers) {
        String prefix = CoreSettings.prefix(properties);
        // an application Clock bean is used when there is exactly one; we never declare one, so none can clash
        TokenService.Builder builder = TokenService.builder(store)
                .clock(clock.getIfUnique(Clock::systemUTC))
                .hasher(hasher)
                .catalog(catalog)
                .policy(policy)
                .prefix(prefix)
                .acceptPrefixes(properties.getAcceptedPrefixes().toArray(String[]::new))
                .usageTracking(properties.getUsage().isEnabled())
                .usageFlushInterval(CoreSettings.usageFlushInterval(properties));
        builder.grantableAbilities(grantable.getIfUnique(() -> CoreSettings.declaredAbilities(catalog)));
        listeners.orderedStream().forEach(builder::listener);
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class WebConfiguration {

        /** How refused requests are answered; shared by the filter, Spring Security and @RequiresAbilities. */
        @Bean
        @ConditionalOnMissingBean
        BearerErrorResponder klinkBearerErrorResponder(KlinkTokensProperties properties) {
            return CoreSettings.responder(properties);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty("klink.tokens.prune.enabled")
    static class PruneConfiguration {

        @Bean
        @ConditionalOnMissingBean
        TokenPruner klinkTokenPruner(TokenService tokens, KlinkTokensProperties properties) {
            KlinkTokensProperties.Prune prune = properties.getPrune();
            Duration retention = PropertyChecks.notNegative("prune.retention", prune.getRetention());
            String cron = prune.getCron();
            if (cron != null && !cron.isBlank()) {
                if (!CronExpression.isValidExpression(cron)) {
                    throw PropertyChecks.invalid("prune.cron", cron, "is not a valid cron expression "
                            + "(six fields: second minute hour day-of-month month day-of-week)");
                }
                return TokenPruner.cron(tokens, retention, cron);
            }
            return TokenPruner.every(tokens, retention,
                    PropertyChecks.positive("prune.interval", prune.getInterval()));
        }
    }
}
