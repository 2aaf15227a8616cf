package dev.klink.tokens.readme;

// readme:begin
import dev.klink.tokens.TokenService;
import dev.klink.tokens.servlet.AccessRule;
import dev.klink.tokens.servlet.KlinkTokenFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
// readme:end

/** README "Plain servlet": the filter, its rules, and how to register it. */
public final class ServletFilter {

    private ServletFilter() {
    }

    // readme:begin
    static KlinkTokenFilter filter(TokenService tokens) {
        return KlinkTokenFilter.builder(tokens)
                .rule(AccessRule.path("/health").permitAll())
                .rule(AccessRule.path("/api/orders/**").methods("GET").all("orders:read"))
                .rule(AccessRule.path("/api/orders/**").methods("POST").any("orders:write", "admin"))
                .tenantResolver(request -> request.getHeader("X-Tenant"))   // optional: null accepts any tenant
                .build();
    }

    static void onJetty(ServletContextHandler context, KlinkTokenFilter filter) {           // Jetty 12 ee10
        context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
    }

    static void onAnyServletContainer(ServletContext servletContext, KlinkTokenFilter filter) { // Servlet 6
        servletContext.addFilter("klink-tokens", filter).addMappingForUrlPatterns(null, false, "/*");
    }
    // readme:end
}
