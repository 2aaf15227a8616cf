package dev.klink.tokens.spring.security;

import dev.klink.tokens.servlet.BearerError;
import dev.klink.tokens.servlet.BearerErrorResponder;
import dev.klink.tokens.servlet.BearerResolution;
import dev.klink.tokens.servlet.BearerTokenResolver;
import dev.klink.tokens.servlet.InsufficientAbilitiesException;
import dev.klink.tokens.servlet.TenantResolver;
import dev.klink.tokens.servlet.TokenRequests;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates requests that carry a bearer token. A request without one passes untouched (the authorization rules
 * decide, and the entry point answers 401 {@code missing_token} if they need a login). A request with several
 * credentials, a token in the URL, a malformed or an invalid token is answered at once with the HTTP error table's
 * response, on every path. A valid token becomes a {@link TokenAuthentication} in the security context for this
 * request only: it is kept in a request attribute, never in the session, so no session is created.
 */
public final class KlinkTokenAuthenticationFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(KlinkTokenAuthenticationFilter.class);

    private final KlinkTokenAuthenticationProvider provider;
    private final BearerErrorResponder responder;
    private final BearerTokenResolver bearerTokenResolver;
    private final TenantResolver tenantResolver;
    private SecurityContextHolderStrategy securityContextHolderStrategy =
            SecurityContextHolder.getContextHolderStrategy();
    private final SecurityContextRepository securityContextRepository = new RequestAttributeSecurityContextRepository();

    public KlinkTokenAuthenticationFilter(KlinkTokenAuthenticationProvider provider, BearerErrorResponder responder,
            BearerTokenResolver bearerTokenResolver, TenantResolver tenantResolver) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.responder = Objects.requireNonNull(responder, "responder");
        this.bearerTokenResolver = Objects.requireNonNull(bearerTokenResolver, "bearerTokenResolver");
        this.tenantResolver = Objects.requireNonNull(tenantResolver, "tenantResolver");
    }

    public void setSecurityContextHolderStrategy(SecurityContextHolderStrategy strategy) {
        this.securityContextHolderStrategy = Objects.requireNonNull(strategy, "strategy");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        BearerResolution resolution = bearerTokenResolver.resolve(request);
        String token = resolution.token();
        if (resolution.kind() == BearerResolution.Kind.ERROR) {
            refuse(request, response, Objects.requireNonNull(resolution.error()));
            return;
        }
        if (token == null) {
            chain.doFilter(request, response);
            return;
        }
        TokenAuthentication authentication;
        try {
            authentication = provider.authenticate(new BearerTokenAuthenticationRequest(token,
                    tenantResolver.resolveTenant(request), request.getRemoteAddr()));
        } catch (KlinkTokenAuthenticationException e) {
            securityContextHolderStrategy.clearContext();
            refuse(request, response, e.error());
            return;
        }
        SecurityContext context = securityContextHolderStrategy.createEmptyContext();
        context.setAuthentication(authentication);
        securityContextHolderStrategy.setContext(context);
        securityContextRepository.saveContext(context, request, response);
        request.setAttribute(TokenRequests.PRINCIPAL_ATTRIBUTE, authentication.getPrincipal());
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException e) {
            // TokenRequests.requireAbilities(...) in application code: the same 403 as the servlet filter gives
            InsufficientAbilitiesException insufficient = InsufficientAbilitiesException.findIn(e);
            if (insufficient == null || !responder.write(response, BearerError.INSUFFICIENT_SCOPE,
                    insufficient.check().abilities())) {
                throw e;
            }
        }
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, BearerError error)
            throws IOException {
        log.debug("Refused {} {}: {}", request.getMethod(), request.getRequestURI(), error.code());
        responder.write(response, error, List.of());
    }
}
