package dev.klink.tokens.example.demo;

import static dev.klink.tokens.spring.security.KlinkTokensConfigurer.klinkTokens;

import dev.klink.tokens.servlet.BearerErrorResponder;
import dev.klink.tokens.spring.security.KlinkBearerAuthenticationEntryPoint;
import dev.klink.tokens.spring.security.TokenAuthentication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;

/**
 * Two filter chains. The demo API under {@code /api/v1} accepts personal access tokens only (never the browser
 * session, so a page can't be tricked into calling it); each endpoint needs an ability. Everything else, the
 * dashboard and the {@code /api/tokens} management endpoints it calls, needs a signed-in user, with CSRF protection
 * through the {@code XSRF-TOKEN} cookie and {@code X-XSRF-TOKEN} header.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    /** Any valid token, whatever its abilities. */
    private static final AuthorizationManager<RequestAuthorizationContext> ANY_TOKEN =
            (authentication, context) -> new AuthorizationDecision(authentication.get() instanceof TokenAuthentication);

    @Bean
    @Order(1)
    SecurityFilterChain demoApi(HttpSecurity http, BearerErrorResponder errors) throws Exception {
        return http.securityMatcher("/api/v1/**")
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.GET, "/api/v1/orders", "/api/v1/orders/*")
                                .hasAuthority("SCOPE_orders:read")
                        .requestMatchers(HttpMethod.POST, "/api/v1/orders").hasAuthority("SCOPE_orders:write")
                        .requestMatchers(HttpMethod.GET, "/api/v1/me").access(ANY_TOKEN)
                        .anyRequest().denyAll())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .securityContext(context -> context.securityContextRepository(
                        new RequestAttributeSecurityContextRepository()))
                .requestCache(cache -> cache.disable())
                // nothing here reads cookies, so there is nothing for CSRF to protect
                .csrf(csrf -> csrf.disable())
                // a bearer challenge for every client here, browsers included: this chain has no login page
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(new KlinkBearerAuthenticationEntryPoint(errors)))
                .with(klinkTokens())
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain dashboard(HttpSecurity http) throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/login", "/css/**", "/js/**", "/img/**", "/favicon.ico", "/error")
                                .permitAll()
                        .anyRequest().authenticated())
                .formLogin(login -> login.loginPage("/login").defaultSuccessUrl("/", false))
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
                // the XSRF-TOKEN cookie (readable by the page's script) is sent back as the X-XSRF-TOKEN header
                .csrf(csrf -> csrf.spa())
                .build();
    }
}
