package dev.klink.tokens.example.multitenant;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Starts the API on port 8080: sign in as alice / alice (tenant acme) or bob / bob (tenant globex). */
@SpringBootApplication
public class MultitenantApplication {

    public static void main(String[] args) {
        SpringApplication.run(MultitenantApplication.class, args);
    }
}
