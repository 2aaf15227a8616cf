package dev.klink.tokens.spring;

import dev.klink.tokens.servlet.TenantResolver;
import dev.klink.tokens.servlet.TokenRequests;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.Objects;
import java.util.Optional;

/**
 * Says whose tokens a management request may see and change. Declare a bean to map your user model; the default
 * takes the owner from {@link HttpServletRequest#getUserPrincipal()} (with Spring Security: the authenticated user's
 * name) and the tenant from a {@link TenantResolver} bean or {@code klink.tokens.management.tenant}.
 */
@FunctionalInterface
public interface TokenOwnerResolver {

    /** The tenant and owner of the logged-in user, or empty when nobody is logged in. */
    Optional<TokenOwner> resolve(HttpServletRequest request);

    /**
     * The default: a request authenticated by a personal access token acts for the token's tenant and owner; any
     * other logged-in user for its principal's name in the tenant {@code tenants} names.
     */
    static TokenOwnerResolver fromPrincipal(TenantResolver tenants) {
        Objects.requireNonNull(tenants, "tenants");
        return request -> {
            Optional<TokenOwner> token = TokenRequests.principal(request).map(TokenOwner::of);
            if (token.isPresent()) {
                return token;
            }
            Principal user = request.getUserPrincipal();
            String tenant = tenants.resolveTenant(request);
            if (user == null || user.getName() == null || user.getName().isBlank() || tenant == null
                    || tenant.isBlank()) {
                return Optional.empty();
            }
            return Optional.of(TokenOwner.loggedIn(tenant, user.getName()));
        };
    }
}
