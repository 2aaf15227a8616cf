package dev.klink.tokens.readme;

// readme:begin
import dev.klink.tokens.spring.TokenOwnerResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class TokenOwners {

    @Bean
    TokenOwnerResolver tokenOwners(Users users) {
        return TokenOwnerResolver.signedInUser(user -> users.find(user.getName()).map(User::tenantId));
    }
}
// readme:end
