package dev.klink.tokens.example.multitenant;

import static dev.klink.tokens.spring.security.KlinkTokensConfigurer.klinkTokens;

import dev.klink.tokens.servlet.TenantResolver;
import dev.klink.tokens.spring.TokenOwnerResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * One chain for the browser app (form login, session, CSRF for a single-page app) and for scripts (bearer tokens).
 * With {@code klink.tokens.security.session-abilities: all-declared}, the same {@code SCOPE_} rules serve both.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfig {

    @Bean
    SecurityFilterChain api(HttpSecurity http) {
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.GET, "/t/*/api/orders").hasAuthority("SCOPE_orders:read")
                        .requestMatchers(HttpMethod.POST, "/t/*/api/orders").hasAuthority("SCOPE_orders:write")
                        .anyRequest().authenticated())
                .formLogin(Customizer.withDefaults())
                .csrf(csrf -> csrf.spa())
                .with(klinkTokens())
                .build();
    }

    /** A signed-in user manages tokens in the tenant of their account, never one the request names. */
    @Bean
    TokenOwnerResolver tokenOwners(Accounts accounts) {
        return TokenOwnerResolver.signedInUser(user -> accounts.tenantOf(user.getName()));
    }

    /**
     * A bearer request's tenant is the one in its path, {@code /t/{tenant}/...}: a token of another tenant is
     * answered 401 {@code invalid_token}. Other paths accept a token of any tenant ({@code null}).
     */
    @Bean
    TenantResolver tenantFromPath() {
        return request -> {
            String[] segments = request.getRequestURI().substring(request.getContextPath().length()).split("/");
            return segments.length > 2 && segments[1].equals("t") && !segments[2].isEmpty() ? segments[2] : null;
        };
    }

    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(
                User.withUsername("alice").password("{noop}alice").roles("USER").build(),
                User.withUsername("bob").password("{noop}bob").roles("USER").build());
    }
}
