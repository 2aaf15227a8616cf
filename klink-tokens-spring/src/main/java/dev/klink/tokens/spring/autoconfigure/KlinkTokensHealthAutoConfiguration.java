package dev.klink.tokens.spring.autoconfigure;

import dev.klink.tokens.TokenService;
import dev.klink.tokens.spring.TokenStoreHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code klinkTokens} health indicator for the token store; off with
 * {@code management.health.klinktokens.enabled=false}.
 */
@AutoConfiguration(after = KlinkTokensAutoConfiguration.class,
        beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(TokenService.class)
@ConditionalOnEnabledHealthIndicator("klinktokens")
public final class KlinkTokensHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "klinkTokensHealthIndicator")
    TokenStoreHealthIndicator klinkTokensHealthIndicator(TokenService tokens) {
        return new TokenStoreHealthIndicator(tokens);
    }
}
