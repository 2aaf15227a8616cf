package dev.klink.tokens.servlet;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/** The tenant from the {@code X-Tenant} header; created by class name from a {@code web.xml} init-parameter. */
public final class HeaderTenantResolver implements TenantResolver {

    public HeaderTenantResolver() {
    }

    @Override
    public @Nullable String resolveTenant(HttpServletRequest request) {
        return request.getHeader("X-Tenant");
    }
}
