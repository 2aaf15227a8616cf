package dev.klink.tokens.spring;

import dev.klink.tokens.TokenService;
import dev.klink.tokens.spring.security.KlinkTokensConfigurer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.web.servlet.ConditionalOnDefaultWebSecurity;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * With Spring Security and no {@code SecurityFilterChain} of the application's own: Spring Boot's default chain (every
 * request needs a login, by form or HTTP Basic) with personal access tokens added. An application that declares its
 * own chain adds them with {@code http.with(KlinkTokensConfigurer.klinkTokens())}.
 */
@AutoConfiguration(after = KlinkTokensAutoConfiguration.class,
        beforeName = "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ SecurityFilterChain.class, HttpSecurity.class, ConditionalOnDefaultWebSecurity.class })
@ConditionalOnBean(TokenService.class)
public final class KlinkTokensSecurityAutoConfiguration {

    @Bean
    @Order(SecurityFilterProperties.BASIC_AUTH_ORDER)
    @ConditionalOnDefaultWebSecurity
    SecurityFilterChain klinkTokensSecurityFilterChain(HttpSecurity http) {
        return http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .formLogin(Customizer.withDefaults())
                .httpBasic(Customizer.withDefaults())
                .with(KlinkTokensConfigurer.klinkTokens())
                .build();
    }
}
