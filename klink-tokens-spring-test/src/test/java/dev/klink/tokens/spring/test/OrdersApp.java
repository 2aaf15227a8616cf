package dev.klink.tokens.spring.test;

import dev.klink.tokens.TokenPrincipal;
import dev.klink.tokens.spring.RequestOwners;
import dev.klink.tokens.spring.RequiresAbilities;
import dev.klink.tokens.spring.TokenOwner;
import dev.klink.tokens.spring.security.KlinkTokensConfigurer;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** A token-protected API to test the test support against: URL rules, method security and {@code @RequiresAbilities}. */
@SpringBootApplication
@EnableMethodSecurity
public class OrdersApp {

    @Bean
    SecurityFilterChain api(HttpSecurity http) {
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.GET, "/api/orders").hasAuthority("SCOPE_orders:read")
                        .anyRequest().authenticated())
                .with(KlinkTokensConfigurer.klinkTokens())
                .build();
    }

    @RestController
    static class Orders {

        private final RequestOwners owners;

        Orders(RequestOwners owners) {
            this.owners = owners;
        }

        @GetMapping("/api/orders")
        String list(@AuthenticationPrincipal TokenPrincipal token) {
            return "orders of " + token.tenantId() + "/" + token.ownerId() + " via " + token.tokenName();
        }

        @PostMapping("/api/orders")
        @PreAuthorize("hasAuthority('SCOPE_orders:write')")
        String place(HttpServletRequest request) {
            TokenOwner who = owners.resolve(request).orElseThrow();
            return "placed for " + who.tenantId() + "/" + who.ownerId();
        }

        @GetMapping("/api/reports")
        @RequiresAbilities("orders:write")
        String reports() {
            return "reports";
        }
    }
}
