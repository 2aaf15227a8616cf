package dev.klink.tokens.spring.autoconfigure;

import dev.klink.tokens.TokenService;
import dev.klink.tokens.spring.KlinkTokensMetrics;
import dev.klink.tokens.spring.TokenServiceBuilderCustomizer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters of token verification ({@link KlinkTokensMetrics}) and the pending last-used writes gauge, when
 * the application has a {@link MeterRegistry}. The meters are added to the auto-configured {@link TokenService}
 * through a {@link TokenServiceBuilderCustomizer}; a {@code TokenService} of the application's own can add the
 * {@link KlinkTokensMetrics} bean with {@code builder.verificationObserver(metrics)}.
 */
@AutoConfiguration(before = KlinkTokensAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
public final class KlinkTokensMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    KlinkTokensMetrics klinkTokensMetrics(MeterRegistry registry) {
        return new KlinkTokensMetrics(registry);
    }

    @Bean
    TokenServiceBuilderCustomizer klinkTokensMetricsCustomizer(KlinkTokensMetrics metrics) {
        return builder -> builder.verificationObserver(metrics);
    }

    @Bean
    MeterBinder klinkTokensUsageMeterBinder(ObjectProvider<TokenService> tokens) {
        return registry -> tokens.ifUnique(service -> Gauge.builder(KlinkTokensMetrics.PENDING_USAGE, service,
                TokenService::pendingUsageWrites)
                .description("Last-used times of tokens waiting to be written to the store")
                .register(registry));
    }
}
