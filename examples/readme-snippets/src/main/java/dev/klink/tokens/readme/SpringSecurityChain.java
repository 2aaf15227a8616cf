package dev.klink.tokens.readme;

// readme:begin
import dev.klink.tokens.TokenPrincipal;
import dev.klink.tokens.spring.security.KlinkTokensConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@Configuration
@EnableMethodSecurity
class SecurityConfig {

    @Bean
    SecurityFilterChain api(HttpSecurity http) {
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.GET, "/api/orders/**").hasAuthority("SCOPE_orders:read")
                        .anyRequest().authenticated())
                .formLogin(Customizer.withDefaults())
                .with(KlinkTokensConfigurer.klinkTokens())
                .build();
    }
}

@RestController
class OrderController {

    private final Orders orders;

    OrderController(Orders orders) {
        this.orders = orders;
    }

    @PostMapping("/api/orders")
    @PreAuthorize("hasAuthority('SCOPE_orders:write')")
    Order place(@AuthenticationPrincipal TokenPrincipal token, @RequestBody NewOrder order) {
        return orders.place(token.tenantId(), token.ownerId(), order);
    }
}
// readme:end

/** README "Spring Boot": the security chain with tokens and a controller using the token principal. */
final class SpringSecurityChain {

    private SpringSecurityChain() {
    }
}
