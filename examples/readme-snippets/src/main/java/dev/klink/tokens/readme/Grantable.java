package dev.klink.tokens.readme;

// readme:begin
import dev.klink.tokens.spi.GrantableAbilities;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class Grantable {

    /** Admins may grant everything, wildcards included; others only what they can do themselves. */
    @Bean
    GrantableAbilities grantableAbilities(Users users) {
        return (tenantId, ownerId) -> users.find(ownerId)
                .filter(user -> user.tenantId().equals(tenantId))
                .map(user -> user.admin() ? List.of("*") : List.of("orders:read", "orders:write"))
                .orElse(List.of());
    }
}
// readme:end
