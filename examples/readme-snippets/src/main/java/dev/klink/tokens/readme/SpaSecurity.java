package dev.klink.tokens.readme;

// readme:begin
import dev.klink.tokens.spring.security.KlinkTokensConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

@Configuration
class SpaSecurity {

    @Bean
    SecurityFilterChain app(HttpSecurity http) {
        return http
                .authorizeHttpRequests(requests -> requests.requestMatchers("/login").permitAll()
                        .anyRequest().authenticated())
                .formLogin(Customizer.withDefaults())
                .csrf(csrf -> csrf.spa())    // XSRF-TOKEN cookie, readable by your script; sent back as X-XSRF-TOKEN
                .with(KlinkTokensConfigurer.klinkTokens())
                .build();
    }
}
// readme:end
