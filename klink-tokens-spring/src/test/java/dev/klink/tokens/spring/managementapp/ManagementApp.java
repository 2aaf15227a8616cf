package dev.klink.tokens.spring.managementapp;

import dev.klink.tokens.servlet.TenantResolver;
import dev.klink.tokens.spring.TokenOwner;
import dev.klink.tokens.spring.TokenOwnerResolver;
import dev.klink.tokens.spring.security.KlinkTokensConfigurer;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A multi-tenant application: bearer requests name their tenant by the {@code X-Tenant} header or the host's first
 * label, while each signed-in user belongs to one tenant, whatever the request says.
 */
@SpringBootApplication
public class ManagementApp {

    /** The tenant of each user. */
    static final Map<String, String> TENANTS = Map.of("alice", "acme", "gina", "globex");

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

    @Bean
    TenantResolver tenantFromRequest() {
        return request -> {
            String header = request.getHeader("X-Tenant");
            if (header != null) {
                return header;
            }
            String host = request.getServerName();
            return host.contains(".") ? host.substring(0, host.indexOf('.')) : null;
        };
    }

    /** The signed-in users whose tokens are kept under another owner id: carol administers the account user-7. */
    static final Map<String, String> ACCOUNTS = Map.of("carol", "user-7");

    @Bean
    TokenOwnerResolver tokenOwners() {
        TokenOwnerResolver byName = TokenOwnerResolver.signedInUser(user -> Optional.ofNullable(
                TENANTS.get(user.getName())));
        return request -> {
            String account = request.getUserPrincipal() == null ? null
                    : ACCOUNTS.get(request.getUserPrincipal().getName());
            return account == null ? byName.resolve(request) : Optional.of(new TokenOwner("acme", account));
        };
    }

    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(
                User.withUsername("alice").password("{noop}alice-pw").roles("USER").build(),
                User.withUsername("gina").password("{noop}gina-pw").roles("USER").build(),
                User.withUsername("carol").password("{noop}carol-pw").roles("USER").build());
    }

    @RestController
    static class Api {

        @GetMapping("/csrf")
        String csrf(CsrfToken token) {
            return token.getHeaderName();
        }
    }
}
