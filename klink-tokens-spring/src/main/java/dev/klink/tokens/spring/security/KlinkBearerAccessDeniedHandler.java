package dev.klink.tokens.spring.security;

import dev.klink.tokens.servlet.BearerError;
import dev.klink.tokens.servlet.BearerErrorResponder;
import dev.klink.tokens.servlet.TokenRequests;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorityAuthorizationDecision;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ExpressionAuthorizationDecision;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;

/**
 * Answers a token-authenticated request that authorization denied with 403 {@code insufficient_scope}, exactly as
 * the servlet filter does. The challenge's {@code scope} lists the abilities the denied rule required, without the
 * {@code SCOPE_} prefix: read from the authorities of {@code hasAuthority}/{@code hasAnyAuthority} decisions (URL
 * rules) or from the {@code 'SCOPE_…'} literals of a {@code @PreAuthorize} expression. When the rule names none
 * (e.g. a custom {@code AuthorizationManager}), {@code scope} is left out. Requests authenticated otherwise (a
 * session login) get the default handling.
 */
public final class KlinkBearerAccessDeniedHandler implements AccessDeniedHandler {

    private static final Pattern SCOPE_LITERAL = Pattern.compile(Pattern.quote(TokenAuthorities.PREFIX)
            + "([a-z0-9*][a-z0-9._:*-]*)");

    private final BearerErrorResponder responder;
    private final AccessDeniedHandler otherwise;

    public KlinkBearerAccessDeniedHandler(BearerErrorResponder responder) {
        this(responder, new AccessDeniedHandlerImpl());
    }

    /** @param otherwise handles requests that were not authenticated by a token */
    public KlinkBearerAccessDeniedHandler(BearerErrorResponder responder, AccessDeniedHandler otherwise) {
        this.responder = Objects.requireNonNull(responder, "responder");
        this.otherwise = Objects.requireNonNull(otherwise, "otherwise");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException, ServletException {
        if (TokenRequests.principal(request).isEmpty()) {
            otherwise.handle(request, response, denied);
            return;
        }
        responder.write(response, BearerError.INSUFFICIENT_SCOPE, requiredScope(denied));
    }

    /** The abilities the denied rule required, as far as the exception tells. */
    static List<String> requiredScope(AccessDeniedException denied) {
        if (!(denied instanceof AuthorizationDeniedException authorization)) {
            return List.of();
        }
        AuthorizationResult result = authorization.getAuthorizationResult();
        Set<String> scope = new LinkedHashSet<>();
        if (result instanceof AuthorityAuthorizationDecision decision) {
            addAuthorities(scope, decision.getAuthorities());
        } else if (result instanceof ExpressionAuthorizationDecision decision) {
            addLiterals(scope, decision.getExpression().getExpressionString());
        } else if (result != null) {
            // composite decisions describe their parts in toString(), e.g. AuthorityAuthorizationDecision[...]
            addLiterals(scope, result.toString());
        }
        return List.copyOf(new ArrayList<>(scope));
    }

    private static void addAuthorities(Set<String> scope, Collection<GrantedAuthority> authorities) {
        for (GrantedAuthority authority : authorities) {
            String name = authority.getAuthority();
            if (name != null && name.startsWith(TokenAuthorities.PREFIX)) {
                scope.add(name.substring(TokenAuthorities.PREFIX.length()));
            }
        }
    }

    private static void addLiterals(Set<String> scope, String text) {
        Matcher matcher = SCOPE_LITERAL.matcher(text);
        while (matcher.find()) {
            scope.add(matcher.group(1));
        }
    }
}
