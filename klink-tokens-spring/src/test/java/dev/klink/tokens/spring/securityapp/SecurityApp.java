package dev.klink.tokens.spring.securityapp;

import dev.klink.tokens.TokenPrincipal;
import dev.klink.tokens.spring.RequestOwners;
import dev.klink.tokens.spring.RequiresAbilities;
import dev.klink.tokens.spring.TokenOwner;
import dev.klink.tokens.spring.security.KlinkTokensConfigurer;
import dev.klink.tokens.testing.MutableClock;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** An application with form login (session) and personal access tokens side by side. */
@SpringBootApplication
@EnableMethodSecurity
public class SecurityApp {

    static final Instant START = Instant.parse("2026-06-01T10:00:00Z");
    /** How often an order was deleted: a refused request must never get there. */
    static final AtomicInteger DELETES = new AtomicInteger();

    @Bean
    MutableClock clock() {
        return MutableClock.at(START);
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) {
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/public", "/csrf", "/login").permitAll()
                        .requestMatchers("/api/admin/**").hasAuthority("SCOPE_admin")
                        .requestMatchers(HttpMethod.DELETE, "/api/orders/**").hasAuthority("SCOPE_orders:write")
                        .anyRequest().authenticated())
                .formLogin(form -> form.successHandler((request, response, authentication) ->
                        response.setStatus(204)))
                .csrf(csrf -> csrf.spa())
                .with(KlinkTokensConfigurer.klinkTokens().tenantResolver(SecurityApp::tenant))
                .build();
    }

    /** The tenant a bearer request names in {@code X-Tenant}; {@code unresolvable} makes the resolver fail. */
    static @Nullable String tenant(HttpServletRequest request) {
        String tenant = request.getHeader("X-Tenant");
        if ("unresolvable".equals(tenant)) {
            throw new IllegalStateException("no such tenant");
        }
        return tenant;
    }

    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(
                User.withUsername("alice").password("{noop}alice-pw").roles("USER").build(),
                User.withUsername("bob").password("{noop}bob-pw").roles("USER").build());
    }

    @RestController
    static class Api {

        private final Clock clock;
        private final RequestOwners owners;

        Api(Clock clock, RequestOwners owners) {
            this.clock = clock;
            this.owners = owners;
        }

        /** Whose request it is, by token or by session, and the token principal (none for a session user). */
        @GetMapping("/api/owner")
        @PreAuthorize("hasAuthority('SCOPE_orders:read')")
        String owner(HttpServletRequest request, @AuthenticationPrincipal @Nullable TokenPrincipal token) {
            TokenOwner who = owners.resolve(request).orElseThrow();
            return who.tenantId() + "/" + who.ownerId() + " token=" + (token == null ? "none" : token.tokenName());
        }

        @GetMapping("/api/reports")
        @RequiresAbilities("orders:read")
        String reports() {
            return "reports";
        }

        @GetMapping("/api/reports/admin")
        @RequiresAbilities("admin")
        String adminReports() {
            return "admin reports";
        }

        @GetMapping("/public")
        String open() {
            return "open";
        }

        @GetMapping("/csrf")
        String csrf(CsrfToken token) {
            return token.getHeaderName();
        }

        @GetMapping("/api/me")
        String me(Principal principal) {
            return principal.getName();
        }

        @GetMapping("/api/orders")
        @PreAuthorize("hasAuthority('SCOPE_orders:read')")
        String orders(@AuthenticationPrincipal TokenPrincipal token) {
            return "orders of " + token.ownerId() + " via " + token.tokenName();
        }

        @PostMapping("/api/orders")
        @PreAuthorize("hasAnyAuthority('SCOPE_orders:write', 'SCOPE_admin')")
        String placeOrder(Principal principal) {
            return "placed by " + principal.getName() + " at " + clock.instant();
        }

        @GetMapping("/api/invoices")
        String invoices(jakarta.servlet.http.HttpServletRequest request) {
            return "invoices of " + dev.klink.tokens.servlet.TokenRequests.requireAbilities(request, "invoices:read")
                    .ownerId();
        }

        @DeleteMapping("/api/orders/**")
        String deleteOrder() {
            DELETES.incrementAndGet();
            return "deleted";
        }

        @GetMapping("/api/admin/stats")
        String stats() {
            return "stats";
        }
    }
}
