package dev.klink.tokens.spring;

import dev.klink.tokens.servlet.TenantResolver;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Says whose tokens a management request may see and change: the tenant and owner of the signed-in user. The tenant
 * comes from who the user is, never from what the request says (host, header, path): a {@link TenantResolver}, which
 * reads those for bearer requests, is never asked. Requests authenticated by a personal access token are refused by
 * the management endpoints before any resolver is asked.
 *
 * <p>Multi-tenant applications declare a bean, usually with {@link #signedInUser(Function)}:
 *
 * <pre>{@code
 * @Bean
 * TokenOwnerResolver tokenOwners(UserRepository users) {
 *     return TokenOwnerResolver.signedInUser(user -> users.findByName(user.getName()).map(User::tenantId));
 * }
 * }</pre>
 *
 * A single-tenant application sets {@code klink.tokens.management.tenant} instead ({@link #singleTenant(String)}).
 */
@FunctionalInterface
public interface TokenOwnerResolver {

    /** The tenant and owner of the signed-in user, or empty when nobody is signed in. */
    Optional<TokenOwner> resolve(HttpServletRequest request);

    /**
     * The signed-in user ({@link HttpServletRequest#getUserPrincipal()}, with Spring Security the authenticated
     * user) owns the tokens under their name, in the tenant {@code tenantOfUser} gives for them. Empty when nobody is
     * signed in, when the request was authenticated by a token, or when {@code tenantOfUser} knows no tenant.
     */
    static TokenOwnerResolver signedInUser(Function<? super Principal, Optional<String>> tenantOfUser) {
        Objects.requireNonNull(tenantOfUser, "tenantOfUser");
        return request -> {
            Principal user = request.getUserPrincipal();
            if (user == null || user.getName() == null || user.getName().isBlank()
                    || TokenAuthenticatedRequests.isTokenAuthenticated(request)) {
                return Optional.empty();
            }
            return tenantOfUser.apply(user).filter(tenant -> !tenant.isBlank())
                    .map(tenant -> new TokenOwner(tenant, user.getName()));
        };
    }

    /** Every signed-in user owns tokens under their name in the one tenant {@code tenantId}. */
    static TokenOwnerResolver singleTenant(String tenantId) {
        Objects.requireNonNull(tenantId, "tenantId");
        if (tenantId.isBlank()) {
            throw new IllegalArgumentException("tenantId must not be blank");
        }
        Optional<String> tenant = Optional.of(tenantId);
        return signedInUser(user -> tenant);
    }
}
