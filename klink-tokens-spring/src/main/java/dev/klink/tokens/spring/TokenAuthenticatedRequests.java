package dev.klink.tokens.spring;

import dev.klink.tokens.AbilityCheck;
import dev.klink.tokens.TokenPrincipal;
import dev.klink.tokens.servlet.TokenRequests;
import dev.klink.tokens.spring.security.SessionAbilities;
import dev.klink.tokens.spring.security.TokenAuthentication;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.util.ClassUtils;

/** Tells requests authenticated by a personal access token (servlet filter or Spring Security) from the others. */
final class TokenAuthenticatedRequests {

    private static final boolean SPRING_SECURITY = ClassUtils.isPresent(
            "org.springframework.security.core.Authentication", TokenAuthenticatedRequests.class.getClassLoader());

    private TokenAuthenticatedRequests() {
    }

    /** Whether a token authenticated the request: its token principal, or a token as the user principal. */
    static boolean isTokenAuthenticated(HttpServletRequest request) {
        if (TokenRequests.principal(request).isPresent()) {
            return true;
        }
        Principal user = request.getUserPrincipal();
        return user instanceof TokenPrincipal || SPRING_SECURITY && SpringSecurity.isToken(user);
    }

    /**
     * The token principal of the request: the one the token filter verified, or with Spring Security a
     * {@link TokenAuthentication} in the security context (as test support puts there without a real token).
     */
    static Optional<TokenPrincipal> tokenPrincipal(HttpServletRequest request) {
        Optional<TokenPrincipal> verified = TokenRequests.principal(request);
        if (verified.isPresent() || !SPRING_SECURITY) {
            return verified;
        }
        return Optional.ofNullable(SpringSecurity.contextToken());
    }

    /**
     * Whether a session user's {@link SessionAbilities} meet {@code check}; empty when the request has none (no
     * session user, or {@code klink.tokens.security.session-abilities} is {@code none}).
     */
    static Optional<Boolean> sessionAbilitiesSatisfy(HttpServletRequest request, AbilityCheck check) {
        if (!SPRING_SECURITY) {
            return Optional.empty();
        }
        return SpringSecurity.sessionAbilitiesSatisfy(request, check);
    }

    /** Loaded only when Spring Security is on the class path. */
    private static final class SpringSecurity {

        static boolean isToken(Principal user) {
            return user instanceof TokenAuthentication
                    || user instanceof Authentication authentication && authentication.getPrincipal() instanceof TokenPrincipal;
        }

        static @Nullable TokenPrincipal contextToken() {
            return SecurityContextHolder.getContext().getAuthentication() instanceof TokenAuthentication token
                    ? token.getPrincipal() : null;
        }

        static Optional<Boolean> sessionAbilitiesSatisfy(HttpServletRequest request, AbilityCheck check) {
            return request.getAttribute(SessionAbilities.REQUEST_ATTRIBUTE) instanceof SessionAbilities abilities
                    && !abilities.isNone() ? Optional.of(abilities.satisfies(check)) : Optional.empty();
        }
    }
}
