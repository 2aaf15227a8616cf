package dev.klink.tokens.spring.introspectionapp;

import dev.klink.tokens.testing.MutableClock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A klink application with Spring Boot's default security (every request needs a login) plus the introspection and
 * forward-auth endpoints: other services ask it about tokens.
 */
@SpringBootApplication
public class IntrospectionApp {

    @Bean
    MutableClock clock() {
        return MutableClock.at("2026-03-01T10:00:00Z");
    }
}
