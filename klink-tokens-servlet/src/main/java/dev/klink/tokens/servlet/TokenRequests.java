package dev.klink.tokens.servlet;

import dev.klink.tokens.AbilityCheck;
import dev.klink.tokens.TokenPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.Optional;

/**
 * Helpers for application code behind the {@link KlinkTokenFilter}.
 *
 * <pre>{@code
 * TokenPrincipal who = TokenRequests.requireAbilities(request, AbilityCheck.all("orders:write"));
 * }</pre>
 */
public final class TokenRequests {

    /** The request attribute holding the {@link TokenPrincipal} of a verified request. */
    public static final String PRINCIPAL_ATTRIBUTE = "dev.klink.tokens.TokenPrincipal";

    private TokenRequests() {
    }

    /** The principal of the verified token of this request, if it carried one. */
    public static Optional<TokenPrincipal> principal(HttpServletRequest request) {
        if (request.getAttribute(PRINCIPAL_ATTRIBUTE) instanceof TokenPrincipal principal) {
            return Optional.of(principal);
        }
        Principal user = request.getUserPrincipal();
        return user instanceof TokenPrincipal principal ? Optional.of(principal) : Optional.empty();
    }

    /**
     * The request's token principal if it meets {@code check}.
     *
     * @throws InsufficientAbilitiesException if the request has no verified token or the token does not meet the
     *         check; the filter turns it into 403 {@code insufficient_scope} (401 when there is no token)
     */
    public static TokenPrincipal requireAbilities(HttpServletRequest request, AbilityCheck check) {
        TokenPrincipal principal = principal(request).orElseThrow(() -> new InsufficientAbilitiesException(check));
        if (!check.isSatisfiedBy(principal)) {
            throw new InsufficientAbilitiesException(check);
        }
        return principal;
    }

    /** As {@link #requireAbilities(HttpServletRequest, AbilityCheck)} with {@code AbilityCheck.all(abilities)}. */
    public static TokenPrincipal requireAbilities(HttpServletRequest request, String... abilities) {
        return requireAbilities(request, AbilityCheck.all(abilities));
    }
}
