package dev.klink.tokens.spring.security;

import dev.klink.tokens.servlet.TokenRequests;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Objects;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives a session user the {@link SessionAbilities} as {@code SCOPE_} authorities for one request. A session user is
 * one whose authentication the HTTP session holds (form or SSO login); a request with a token, an anonymous one, or
 * one authenticated otherwise (HTTP Basic, a JWT of a resource server) gets nothing. The authentication keeps its
 * type (it is rebuilt with {@link Authentication#toBuilder()}), the session keeps the original, and the original is
 * back in the security context once the request has passed.
 */
final class SessionAbilitiesFilter extends OncePerRequestFilter {

    private final SessionAbilities abilities;
    private SecurityContextHolderStrategy securityContextHolderStrategy =
            SecurityContextHolder.getContextHolderStrategy();

    SessionAbilitiesFilter(SessionAbilities abilities) {
        this.abilities = Objects.requireNonNull(abilities, "abilities");
    }

    void setSecurityContextHolderStrategy(SecurityContextHolderStrategy strategy) {
        this.securityContextHolderStrategy = Objects.requireNonNull(strategy, "strategy");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        SecurityContext original = securityContextHolderStrategy.getContext();
        Authentication user = original.getAuthentication();
        if (user == null || !isSessionUser(request, user)) {
            chain.doFilter(request, response);
            return;
        }
        SecurityContext augmented = securityContextHolderStrategy.createEmptyContext();
        augmented.setAuthentication(user.toBuilder()
                .authorities(authorities -> authorities.addAll(abilities.authorities()))
                .build());
        securityContextHolderStrategy.setContext(augmented);
        request.setAttribute(SessionAbilities.REQUEST_ATTRIBUTE, abilities);
        try {
            chain.doFilter(request, response);
        } finally {
            request.removeAttribute(SessionAbilities.REQUEST_ATTRIBUTE);
            securityContextHolderStrategy.setContext(original);
        }
    }

    private static boolean isSessionUser(HttpServletRequest request, Authentication user) {
        if (!user.isAuthenticated() || user instanceof AnonymousAuthenticationToken
                || user instanceof TokenAuthentication || TokenRequests.principal(request).isPresent()) {
            return false;
        }
        HttpSession session = request.getSession(false);
        return session != null
                && session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY)
                        instanceof SecurityContext stored
                && user.equals(stored.getAuthentication());
    }
}
