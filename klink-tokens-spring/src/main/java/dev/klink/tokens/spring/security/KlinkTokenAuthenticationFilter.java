package dev.klink.tokens.spring.security;

import dev.klink.tokens.AbilityCheck;
import dev.klink.tokens.TokenPrincipal;
import dev.klink.tokens.servlet.BearerAuthenticator;
import dev.klink.tokens.servlet.BearerError;
import dev.klink.tokens.servlet.BearerErrorResponder;
import dev.klink.tokens.servlet.InsufficientAbilitiesException;
import dev.klink.tokens.servlet.TokenRequests;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates requests that carry a bearer token, with the same {@link BearerAuthenticator} as the servlet
 * filter, so that both answer every request alike. A request without one passes untouched (the authorization rules
 * decide, and the entry point answers 401 {@code missing_token} if they need a login). An ambiguous path, several
 * credentials, a token in the URL, a malformed or an invalid token, or a failing {@code TenantResolver} is handed
 * to the {@link AuthenticationEntryPoint} as a {@link KlinkTokenAuthenticationException}, as Spring Security's own
 * {@code BearerTokenAuthenticationFilter} does, on every path. A valid token becomes a {@link TokenAuthentication}
 * in the security context for this request only: it is kept in a request attribute, never in the session, so no
 * session is created. The token's principal is also the request attribute {@link TokenRequests#PRINCIPAL_ATTRIBUTE},
 * which is how CSRF protection knows the request was authenticated by a token.
 */
public final class KlinkTokenAuthenticationFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(KlinkTokenAuthenticationFilter.class);

    private final BearerAuthenticator authenticator;
    private final KlinkTokenAuthenticationProvider provider;
    private final AuthenticationEntryPoint entryPoint;
    private final BearerErrorResponder responder;
    private SecurityContextHolderStrategy securityContextHolderStrategy =
            SecurityContextHolder.getContextHolderStrategy();
    private final SecurityContextRepository securityContextRepository = new RequestAttributeSecurityContextRepository();

    /**
     * @param authenticator decides the request, as in the servlet filter
     * @param provider turns a verified token into a {@link TokenAuthentication} with its authorities
     * @param entryPoint answers every refusal, given a {@link KlinkTokenAuthenticationException}
     * @param responder answers an {@link InsufficientAbilitiesException} of the application with 403
     */
    public KlinkTokenAuthenticationFilter(BearerAuthenticator authenticator, KlinkTokenAuthenticationProvider provider,
            AuthenticationEntryPoint entryPoint, BearerErrorResponder responder) {
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.entryPoint = Objects.requireNonNull(entryPoint, "entryPoint");
        this.responder = Objects.requireNonNull(responder, "responder");
    }

    public void setSecurityContextHolderStrategy(SecurityContextHolderStrategy strategy) {
        this.securityContextHolderStrategy = Objects.requireNonNull(strategy, "strategy");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        BearerAuthenticator.Outcome outcome = authenticator.authenticate(request, path -> AbilityCheck.none());
        BearerError error = outcome.error();
        if (error != null) {
            securityContextHolderStrategy.clearContext();
            log.debug("Refused {} {}: {}", request.getMethod(), outcome.path(), error.code());
            entryPoint.commence(request, response, new KlinkTokenAuthenticationException(error, outcome.failure()));
            return;
        }
        TokenPrincipal principal = outcome.principal();
        if (principal == null) {
            chain.doFilter(request, response);
            return;
        }
        SecurityContext context = securityContextHolderStrategy.createEmptyContext();
        context.setAuthentication(provider.authenticated(principal));
        securityContextHolderStrategy.setContext(context);
        securityContextRepository.saveContext(context, request, response);
        request.setAttribute(TokenRequests.PRINCIPAL_ATTRIBUTE, principal);
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
}
