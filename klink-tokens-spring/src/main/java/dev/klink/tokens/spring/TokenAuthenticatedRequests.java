package dev.klink.tokens.spring;

import dev.klink.tokens.TokenPrincipal;
import dev.klink.tokens.servlet.TokenRequests;
import dev.klink.tokens.spring.security.TokenAuthentication;
import org.springframework.security.core.Authentication;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
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

    /** Loaded only when Spring Security is on the class path. */
    private static final class SpringSecurity {

        static boolean isToken(Principal user) {
            return user instanceof TokenAuthentication
                    || user instanceof Authentication authentication && authentication.getPrincipal() instanceof TokenPrincipal;
        }
    }
}
