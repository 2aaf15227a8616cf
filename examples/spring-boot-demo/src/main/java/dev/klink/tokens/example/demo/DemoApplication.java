package dev.klink.tokens.example.demo;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** Starts the demo: {@code java -jar klink-tokens-demo.jar}, then open http://localhost:8080. */
@SpringBootApplication
public class DemoApplication {

    public static void main(String[] args) {
        SpringApplication.run(DemoApplication.class, args);
    }

    /** The one clock of the app: tokens, orders and the dashboard all read time from it (tests replace it). */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
