package dev.klink.tokens.spring;

import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.util.ClassUtils;

/** {@link TokenAdmins#authority(String)}: the users holding one authority. */
final class AuthorityTokenAdmins implements TokenAdmins {

    private static final boolean SPRING_SECURITY = ClassUtils.isPresent(
            "org.springframework.security.core.Authentication", AuthorityTokenAdmins.class.getClassLoader());

    private final String authority;

    AuthorityTokenAdmins(String authority) {
        this.authority = authority;
    }

    @Override
    public boolean isAdmin(HttpServletRequest request) {
        Principal user = request.getUserPrincipal();
        if (user == null) {
            return false;
        }
        if (SPRING_SECURITY && SpringSecurity.isAuthentication(user)) {
            return SpringSecurity.holds(user, authority);
        }
        return request.isUserInRole(authority);
    }

    @Override
    public String toString() {
        return "TokenAdmins[authority=" + authority + "]";
    }

    /** Loaded only when Spring Security is on the class path. */
    private static final class SpringSecurity {

        static boolean isAuthentication(Principal user) {
            return user instanceof Authentication;
        }

        /** Compares names exactly: no role prefix is added or taken away. */
        static boolean holds(Principal user, String authority) {
            Authentication authentication = (Authentication) user;
            if (!authentication.isAuthenticated()) {
                return false;
            }
            for (GrantedAuthority granted : authentication.getAuthorities()) {
                if (authority.equals(granted.getAuthority())) {
                    return true;
                }
            }
            return false;
        }
    }
}
