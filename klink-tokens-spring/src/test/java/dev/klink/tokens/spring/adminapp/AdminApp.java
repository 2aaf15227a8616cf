package dev.klink.tokens.spring.adminapp;

import dev.klink.tokens.TokenEvent;
import dev.klink.tokens.spring.TokenOwnerResolver;
import dev.klink.tokens.spring.TokenServiceBuilderCustomizer;
import dev.klink.tokens.spring.security.KlinkTokensConfigurer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Two tenants, each with an administrator of its tokens: ada administers acme (alice and bob work there), gabe
 * administers globex (gina works there). Each user's tenant comes from who they are.
 */
@SpringBootApplication
public class AdminApp {

    static final Map<String, String> TENANTS = Map.of("ada", "acme", "alice", "acme", "bob", "acme",
            "gabe", "globex", "gina", "globex");

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) {
        return http
                .authorizeHttpRequests(requests -> requests.requestMatchers("/csrf", "/login").permitAll()
                        .anyRequest().authenticated())
                .formLogin(form -> form.successHandler((request, response, authentication) ->
                        response.setStatus(204)))
                .csrf(csrf -> csrf.spa())
                .with(KlinkTokensConfigurer.klinkTokens())
                .build();
    }

    /** Every token event the service emitted, for the tests to read. */
    static final List<TokenEvent> EVENTS = new CopyOnWriteArrayList<>();

    @Bean
    TokenServiceBuilderCustomizer recordEvents() {
        return builder -> builder.listener(EVENTS::add);
    }

    @Bean
    TokenOwnerResolver tokenOwners() {
        return TokenOwnerResolver.signedInUser(user -> Optional.ofNullable(TENANTS.get(user.getName())));
    }

    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(
                User.withUsername("ada").password("{noop}ada-pw").roles("USER", "TOKENS_ADMIN").build(),
                User.withUsername("alice").password("{noop}alice-pw").roles("USER").build(),
                User.withUsername("bob").password("{noop}bob-pw").roles("USER").build(),
                User.withUsername("gabe").password("{noop}gabe-pw").roles("USER", "TOKENS_ADMIN").build(),
                User.withUsername("gina").password("{noop}gina-pw").authorities("TOKENS_ADMIN").build());
    }

    @RestController
    static class Api {

        @GetMapping("/csrf")
        String csrf(CsrfToken token) {
            return token.getToken();
        }
    }
}
