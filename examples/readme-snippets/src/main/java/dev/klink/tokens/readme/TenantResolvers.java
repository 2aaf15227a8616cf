package dev.klink.tokens.readme;

// readme:begin
import dev.klink.tokens.servlet.TenantResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class TenantResolvers {

    /** acme.shop.example → acme; the apex domain serves no tenant's data, so any tenant's token may call it. */
    @Bean
    TenantResolver tenantByHost() {
        return request -> {
            String host = request.getServerName();
            int dot = host.indexOf('.');
            return host.endsWith(".shop.example") && dot > 0 ? host.substring(0, dot) : null;
        };
    }

    /** /t/acme/api/orders → acme; outside /t/ no tenant's data is served. */
    static TenantResolver tenantByPath() {
        return request -> {
            String path = request.getRequestURI().substring(request.getContextPath().length());
            if (!path.startsWith("/t/")) {
                return null;
            }
            int end = path.indexOf('/', "/t/".length());
            return end < 0 ? path.substring("/t/".length()) : path.substring("/t/".length(), end); // "": no token's
        };
    }

    /** The tenant of the user your gateway signed in, in a header it sets and strips from what clients send. */
    static TenantResolver tenantBySignedInUser() {
        return request -> request.getHeader("X-Authenticated-Tenant");
    }
}
// readme:end
