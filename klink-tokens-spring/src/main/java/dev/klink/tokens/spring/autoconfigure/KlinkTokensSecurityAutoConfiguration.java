package dev.klink.tokens.spring.autoconfigure;

import dev.klink.tokens.TokenService;
import dev.klink.tokens.servlet.BearerErrorResponder;
import dev.klink.tokens.spring.security.KlinkRequestRejectedHandler;
import dev.klink.tokens.spring.security.KlinkTokensConfigurer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.security.autoconfigure.web.servlet.ConditionalOnDefaultWebSecurity;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * With Spring Security and no {@code SecurityFilterChain} of the application's own: Spring Boot's default chain (every
 * request needs a login, by form or HTTP Basic) with personal access tokens added. It takes the place of Boot's
 * default chain, so it is left out, like Boot's, when the application excluded
 * {@code ServletWebSecurityAutoConfiguration}; then the plain servlet filter protects the application. An
 * application that declares its own chain adds tokens with {@code http.with(KlinkTokensConfigurer.klinkTokens())}.
 * Either way, paths the firewall refuses are answered 400 {@code invalid_path} by a
 * {@link KlinkRequestRejectedHandler}, unless the application declares a {@code RequestRejectedHandler}.
 */
@AutoConfiguration(after = KlinkTokensAutoConfiguration.class, beforeName = KlinkTokensSecurityAutoConfiguration.BOOT)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ SecurityFilterChain.class, HttpSecurity.class, ConditionalOnDefaultWebSecurity.class })
@ConditionalOnBean(TokenService.class)
public final class KlinkTokensSecurityAutoConfiguration {

    static final String BOOT = "org.springframework.boot.security.autoconfigure.web.servlet."
            + "ServletWebSecurityAutoConfiguration";

    /**
     * Answers a path Spring Security's firewall refuses with 400 {@code invalid_path}, as the servlet filter does;
     * Spring Security's {@code WebSecurity} picks up this bean for every filter chain.
     */
    @Bean
    @ConditionalOnBean(BearerErrorResponder.class)
    @ConditionalOnMissingBean(RequestRejectedHandler.class)
    RequestRejectedHandler klinkRequestRejectedHandler(BearerErrorResponder responder) {
        return new KlinkRequestRejectedHandler(responder);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnDefaultWebSecurity
    @Conditional(BootWebSecurityNotExcluded.class)
    @EnableWebSecurity
    static class DefaultSecurityFilterChainConfiguration {

        @Bean
        @Order(SecurityFilterProperties.BASIC_AUTH_ORDER)
        SecurityFilterChain klinkTokensSecurityFilterChain(HttpSecurity http) {
            return http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                    .formLogin(Customizer.withDefaults())
                    .httpBasic(Customizer.withDefaults())
                    .with(KlinkTokensConfigurer.klinkTokens())
                    .build();
        }
    }

    /** The application did not exclude Boot's servlet web security auto-configuration. */
    static final class BootWebSecurityNotExcluded extends SpringBootCondition {

        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            if (context.getBeanFactory() != null
                    && ConditionEvaluationReport.get(context.getBeanFactory()).getExclusions().contains(BOOT)) {
                return ConditionOutcome.noMatch(BOOT + " is excluded");
            }
            return ConditionOutcome.match(BOOT + " is not excluded");
        }
    }
}
