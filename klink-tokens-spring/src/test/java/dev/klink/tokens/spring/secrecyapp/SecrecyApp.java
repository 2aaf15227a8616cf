package dev.klink.tokens.spring.secrecyapp;

import com.zaxxer.hikari.HikariDataSource;
import dev.klink.tokens.TokenEvent;
import dev.klink.tokens.TokenEventListener;
import dev.klink.tokens.TokenPrincipal;
import dev.klink.tokens.spring.TokenOwnerResolver;
import dev.klink.tokens.spring.security.KlinkTokensConfigurer;
import dev.klink.tokens.testing.MutableClock;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A multi-tenant application as users build it: Spring Security with form login and tokens side by side, the
 * management endpoints, the JDBI store on H2 through HikariCP, Micrometer, a token event listener, and a data source
 * that a test can take down. Bearer requests name their tenant in {@code X-Tenant}; a signed-in user's tenant comes
 * from who the user is.
 */
@SpringBootApplication
public class SecrecyApp {

    static final Instant START = Instant.parse("2026-06-01T10:00:00Z");
    /** The tenant of each user. */
    static final Map<String, String> TENANTS = Map.of("alice", "acme", "gina", "globex");

    @Bean
    MutableClock clock() {
        return MutableClock.at(START);
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) {
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/csrf", "/login").permitAll()
                        .requestMatchers("/api/orders/**").hasAuthority("SCOPE_orders:write")
                        .anyRequest().authenticated())
                .formLogin(form -> form.successHandler((request, response, authentication) ->
                        response.setStatus(204)))
                .csrf(csrf -> csrf.spa())
                .with(KlinkTokensConfigurer.klinkTokens().tenantResolver(request -> request.getHeader("X-Tenant")))
                .build();
    }

    @Bean
    TokenOwnerResolver tokenOwners() {
        return TokenOwnerResolver.signedInUser(user -> Optional.ofNullable(TENANTS.get(user.getName())));
    }

    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(
                User.withUsername("alice").password("{noop}alice-pw").roles("USER").build(),
                User.withUsername("gina").password("{noop}gina-pw").roles("USER").build());
    }

    @Bean
    OutageDataSource dataSource(DataSourceProperties properties) {
        HikariDataSource pool = properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
        pool.setConnectionTimeout(1000);
        return new OutageDataSource(pool);
    }

    @Bean
    Events events() {
        return new Events();
    }

    /** Every event the token service emitted. */
    public static final class Events implements TokenEventListener {

        private final List<TokenEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(TokenEvent event) {
            events.add(event);
        }

        public List<TokenEvent> all() {
            return List.copyOf(events);
        }
    }

    /** The pool, or, while {@link #down(boolean)} is set, a database that cannot be reached. */
    public static final class OutageDataSource extends DelegatingDataSource implements AutoCloseable {

        private final AtomicBoolean down = new AtomicBoolean();

        OutageDataSource(DataSource pool) {
            super(pool);
        }

        public void down(boolean isDown) {
            down.set(isDown);
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (down.get()) {
                throw new SQLTransientConnectionException("The test took the database down", "08001");
            }
            return super.getConnection();
        }

        @Override
        public void close() {
            ((HikariDataSource) getTargetDataSource()).close();
        }
    }

    @RestController
    static class Api {

        @GetMapping("/csrf")
        String csrf(CsrfToken token) {
            return token.getHeaderName();
        }

        @GetMapping("/api/things")
        String things(@AuthenticationPrincipal TokenPrincipal token) {
            return "things of " + token.ownerId();
        }

        @GetMapping("/api/orders/{id}")
        String order() {
            return "order";
        }
    }
}
