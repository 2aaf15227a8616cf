package dev.klink.tokens.spring.security;

import dev.klink.tokens.TokenPrincipal;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.TokenVerifier;
import dev.klink.tokens.servlet.BearerAuthenticator;
import dev.klink.tokens.servlet.BearerErrorResponder;
import dev.klink.tokens.servlet.BearerTokenResolver;
import dev.klink.tokens.servlet.TenantResolver;
import dev.klink.tokens.servlet.TokenRequests;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.config.annotation.web.configurers.ExceptionHandlingConfigurer;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestHeaderRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.accept.ContentNegotiationStrategy;
import org.springframework.web.accept.HeaderContentNegotiationStrategy;

/**
 * Adds personal access tokens to a {@code SecurityFilterChain}:
 *
 * <pre>{@code
 * http.authorizeHttpRequests(requests -> requests
 *         .requestMatchers("/api/orders/**").hasAuthority("SCOPE_orders:read")
 *         .anyRequest().authenticated())
 *     .formLogin(Customizer.withDefaults())
 *     .with(KlinkTokensConfigurer.klinkTokens());
 * }</pre>
 *
 * <ul>
 * <li>A bearer token becomes a {@link TokenAuthentication} with {@code SCOPE_<ability>} authorities, for this
 * request only (no session).</li>
 * <li>Bad tokens, several credentials and tokens in the URL are answered at once as the servlet filter answers
 * them; so are 401 challenges for API clients (requests with a bearer token, {@code X-Requested-With}, or that do
 * not ask for HTML) and 403 {@code insufficient_scope} for token-authenticated requests. Browsers keep the chain's
 * login page, session users its access-denied handling.</li>
 * <li>Requests authenticated by a valid bearer token skip CSRF protection: a browser never adds that header by
 * itself. A header the token filter did not accept ({@code Bearerx}, {@code Bearer:x}, {@code Bearer }) keeps it.</li>
 * <li>Ambiguous paths (row 11 of the error table), a failing {@link TenantResolver} (row 13) and every bad token are
 * answered by the same {@code BearerAuthenticator} and {@link BearerErrorResponder} as in the servlet filter.</li>
 * <li>With {@link SessionAbilities} (none by default), users signed in by a session get those abilities as
 * {@code SCOPE_} authorities, so that one rule serves the browser app and tokens; they stay session users.</li>
 * </ul>
 *
 * The {@link TokenService}, {@link BearerErrorResponder} (realm), {@link TenantResolver} and
 * {@link BearerTokenResolver} come from the application context unless set here.
 */
public final class KlinkTokensConfigurer extends AbstractHttpConfigurer<KlinkTokensConfigurer, HttpSecurity> {

    private static final RequestMatcher X_REQUESTED_WITH = new RequestHeaderRequestMatcher("X-Requested-With",
            "XMLHttpRequest");
    /** Requests the {@link KlinkTokenAuthenticationFilter} authenticated with a valid token. */
    private static final RequestMatcher TOKEN_AUTHENTICATED = new RequestMatcher() {

        @Override
        public boolean matches(HttpServletRequest request) {
            return request.getAttribute(TokenRequests.PRINCIPAL_ATTRIBUTE) instanceof TokenPrincipal;
        }

        @Override
        public String toString() {
            return "TokenAuthenticatedRequestMatcher";
        }
    };

    private @Nullable TokenVerifier tokenService;
    private @Nullable BearerErrorResponder responder;
    private @Nullable TenantResolver tenantResolver;
    private @Nullable BearerTokenResolver bearerTokenResolver;
    private @Nullable SessionAbilities sessionAbilities;

    private KlinkTokensConfigurer() {
    }

    /** A configurer taking its collaborators from the application context. */
    public static KlinkTokensConfigurer klinkTokens() {
        return new KlinkTokensConfigurer();
    }

    /** What verifies tokens: the {@link TokenService} bean unless set (a {@code TokenService} is a verifier). */
    public KlinkTokensConfigurer tokenService(TokenVerifier tokenService) {
        this.tokenService = Objects.requireNonNull(tokenService, "tokenService");
        return this;
    }

    /** How refusals are written, and so the realm. */
    public KlinkTokensConfigurer responder(BearerErrorResponder responder) {
        this.responder = Objects.requireNonNull(responder, "responder");
        return this;
    }

    public KlinkTokensConfigurer tenantResolver(TenantResolver tenantResolver) {
        this.tenantResolver = Objects.requireNonNull(tenantResolver, "tenantResolver");
        return this;
    }

    public KlinkTokensConfigurer bearerTokenResolver(BearerTokenResolver bearerTokenResolver) {
        this.bearerTokenResolver = Objects.requireNonNull(bearerTokenResolver, "bearerTokenResolver");
        return this;
    }

    /**
     * What users signed in by a session get as {@code SCOPE_} authorities; by default the {@link SessionAbilities}
     * bean ({@code klink.tokens.security.session-abilities}), otherwise none.
     */
    public KlinkTokensConfigurer sessionAbilities(SessionAbilities sessionAbilities) {
        this.sessionAbilities = Objects.requireNonNull(sessionAbilities, "sessionAbilities");
        return this;
    }

    @Override
    public void init(HttpSecurity http) {
        BearerErrorResponder errors = responder(http);
        @SuppressWarnings("unchecked") // Spring Security's own configurers look themselves up this way
        CsrfConfigurer<HttpSecurity> csrf = http.getConfigurer(CsrfConfigurer.class);
        if (csrf != null) {
            // only a request the token filter (which runs before CSRF) authenticated: a header that merely looks
            // like a bearer token ("Bearerx", "Bearer:x", "Bearer ") keeps a session user's CSRF protection
            csrf.ignoringRequestMatchers(TOKEN_AUTHENTICATED);
        }
        @SuppressWarnings("unchecked")
        ExceptionHandlingConfigurer<HttpSecurity> exceptions = http.getConfigurer(ExceptionHandlingConfigurer.class);
        if (exceptions != null) {
            exceptions.defaultAuthenticationEntryPointFor(new KlinkBearerAuthenticationEntryPoint(errors),
                    apiClients(http));
            AccessDeniedHandler denied = new KlinkBearerAccessDeniedHandler(errors);
            exceptions.defaultAccessDeniedHandlerFor(denied,
                    request -> TokenRequests.principal(request).isPresent());
        }
    }

    @Override
    public void configure(HttpSecurity http) {
        TokenVerifier tokens = tokenService != null ? tokenService : bean(http, TokenService.class);
        BearerErrorResponder errors = responder(http);
        BearerAuthenticator authenticator = BearerAuthenticator.create(tokens,
                bearerTokenResolver != null ? bearerTokenResolver
                        : optionalBean(http, BearerTokenResolver.class, BearerTokenResolver.standard()),
                tenantResolver != null ? tenantResolver
                        : optionalBean(http, TenantResolver.class, TenantResolver.anyTenant()));
        KlinkTokenAuthenticationFilter filter = new KlinkTokenAuthenticationFilter(authenticator,
                new KlinkTokenAuthenticationProvider(tokens), new KlinkBearerAuthenticationEntryPoint(errors), errors);
        filter.setSecurityContextHolderStrategy(getSecurityContextHolderStrategy());
        // before CSRF protection, which asks whether the request was authenticated by a token
        http.addFilterBefore(postProcess(filter), CsrfFilter.class);
        SessionAbilities session = sessionAbilities != null ? sessionAbilities
                : optionalBean(http, SessionAbilities.class, SessionAbilities.none());
        if (!session.isNone()) {
            // after every login filter, so that the rules and method security see the session user's abilities
            SessionAbilitiesFilter sessionFilter = new SessionAbilitiesFilter(session);
            sessionFilter.setSecurityContextHolderStrategy(getSecurityContextHolderStrategy());
            http.addFilterBefore(postProcess(sessionFilter), AuthorizationFilter.class);
        }
    }

    /** Requests that should get a bearer challenge rather than, say, a redirect to a login page. */
    private static RequestMatcher apiClients(HttpSecurity http) {
        ContentNegotiationStrategy negotiation = http.getSharedObject(ContentNegotiationStrategy.class);
        if (negotiation == null) {
            negotiation = new HeaderContentNegotiationStrategy();
        }
        MediaTypeRequestMatcher html = new MediaTypeRequestMatcher(negotiation, MediaType.TEXT_HTML);
        MediaTypeRequestMatcher rest = new MediaTypeRequestMatcher(negotiation, MediaType.APPLICATION_JSON,
                MediaType.APPLICATION_PROBLEM_JSON, MediaType.APPLICATION_XML, MediaType.APPLICATION_OCTET_STREAM,
                MediaType.MULTIPART_FORM_DATA, MediaType.TEXT_PLAIN);
        rest.setIgnoredMediaTypes(java.util.Set.of(MediaType.ALL));
        MediaTypeRequestMatcher anything = new MediaTypeRequestMatcher(negotiation, MediaType.ALL);
        anything.setUseEquals(true);
        return new OrRequestMatcher(List.of(BearerRequestMatcher.INSTANCE, X_REQUESTED_WITH,
                new AndRequestMatcher(new NegatedRequestMatcher(html), rest), anything));
    }

    private BearerErrorResponder responder(HttpSecurity http) {
        if (responder == null) {
            responder = optionalBean(http, BearerErrorResponder.class, BearerErrorResponder.create());
        }
        return responder;
    }

    private static <T> T bean(HttpSecurity http, Class<T> type) {
        ApplicationContext context = http.getSharedObject(ApplicationContext.class);
        if (context == null) {
            throw new IllegalStateException("KlinkTokensConfigurer needs a " + type.getSimpleName()
                    + ": pass one to the configurer or declare it as a bean");
        }
        return context.getBean(type);
    }

    private static <T> T optionalBean(HttpSecurity http, Class<T> type, T fallback) {
        ApplicationContext context = http.getSharedObject(ApplicationContext.class);
        if (context == null) {
            return fallback;
        }
        T found = context.getBeanProvider(type).getIfUnique();
        return found != null ? found : fallback;
    }
}
