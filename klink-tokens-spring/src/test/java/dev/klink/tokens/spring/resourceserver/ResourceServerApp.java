package dev.klink.tokens.spring.resourceserver;

import dev.klink.tokens.spring.autoconfigure.KlinkTokensAutoConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A resource server that knows nothing of klink-tokens: Spring Security's own {@code opaqueToken()} support, with
 * Boot's {@code SpringOpaqueTokenIntrospector} asking a klink application's introspection endpoint.
 */
@SpringBootApplication(exclude = KlinkTokensAutoConfiguration.class)
public class ResourceServerApp {

    @Bean
    SecurityFilterChain resourceServer(HttpSecurity http) {
        return http.authorizeHttpRequests(requests -> requests
                .requestMatchers("/orders").hasAuthority("SCOPE_orders:read")
                .anyRequest().authenticated())
                .oauth2ResourceServer(server -> server.opaqueToken(Customizer.withDefaults()))
                .build();
    }

    @RestController
    static class Orders {

        @GetMapping("/orders")
        String orders(Authentication authentication) {
            return "orders of " + authentication.getName();
        }
    }
}
