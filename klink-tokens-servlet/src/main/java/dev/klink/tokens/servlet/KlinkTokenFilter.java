package dev.klink.tokens.servlet;

import dev.klink.tokens.TokenPrincipal;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.TokenVerifier;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Protects a servlet application with personal access tokens, answering exactly as RFC 6750 and the klink HTTP
 * error table say.
 *
 * <p>For each request the filter
 * <ol>
 * <li>refuses (400 {@code invalid_path}) a path that could be read in more than one way: encoded {@code / \ . % ;}
 * or NUL, dot segments or empty segments left after the container's normalization, control characters (C0, DEL,
 * C1) or U+2028/U+2029 after decoding;</li>
 * <li>resolves the bearer credentials with the {@link BearerTokenResolver}, refusing several credentials, a token
 * in the URL or a malformed header;</li>
 * <li>finds the first {@link AccessRule} matching the method and path (or the default access,
 * {@link Access#authenticated()} unless configured);</li>
 * <li>without a token: lets the request pass when the rule is {@code permitAll} or the application already
 * authenticated it (a session login: {@code getUserPrincipal() != null}); otherwise answers 401;</li>
 * <li>with a token (on any path, {@code permitAll} included): verifies it for the tenant the
 * {@link TenantResolver} names and the abilities the rule needs, recording its use with {@code getRemoteAddr()},
 * and answers 401/403/503 as the table says (500 {@code tenant_resolution_failed}, logged at ERROR, when the
 * tenant resolver throws); on success passes a request whose {@code getUserPrincipal()} is the
 * {@link TokenPrincipal}, {@code getRemoteUser()} the owner, {@code getAuthType()} {@code "Bearer"} and
 * {@code isUserInRole(role)} is true only for a valid ability name the token holds (a role such as {@code ADMIN}
 * is never an ability, not even for a {@code *} token). The principal is also the request attribute
 * {@link TokenRequests#PRINCIPAL_ATTRIBUTE}.</li>
 * </ol>
 * Steps 1, 2 and 5 are the {@link BearerAuthenticator}'s, shared with the Spring Security integration. Each filter
 * instance marks the requests it filtered with an attribute of its own, so several filters with different rules
 * all apply.
 * An {@link InsufficientAbilitiesException} thrown by the application (see {@link TokenRequests}), also wrapped in a
 * {@code ServletException}, becomes 403 {@code insufficient_scope} while the response is not committed.
 *
 * <p>In code:
 * <pre>{@code
 * KlinkTokenFilter filter = KlinkTokenFilter.builder(tokenService)
 *         .rule(AccessRule.path("/health").permitAll())
 *         .rule(AccessRule.path("/api/orders/**").methods("GET").all("orders:read"))
 *         .build();
 * }</pre>
 *
 * <p>In {@code web.xml} (the no-argument constructor reads these init-parameters):
 * <ul>
 * <li>{@code token-service-attribute}: the name of the {@code ServletContext} attribute holding the
 * {@link TokenService} or another {@link TokenVerifier} (default {@code dev.klink.tokens.TokenService}); set it from a
 * {@code ServletContextListener}, which runs before filters are initialized;</li>
 * <li>{@code rules}: one {@link AccessRule#parse(String) rule} per line, e.g.
 * {@code GET /api/orders/** all(orders:read)}; {@code #} starts a comment line;</li>
 * <li>{@code default-access}: what a request matching no rule needs (default {@code authenticated});</li>
 * <li>{@code realm}: the challenge's realm (default {@code klink});</li>
 * <li>{@code tenant-resolver}, {@code bearer-token-resolver}: class names of implementations with a public
 * no-argument constructor;</li>
 * <li>{@code allow-form-body-parameter}: {@code true} to accept {@code access_token} in form bodies (default
 * {@code false}).</li>
 * </ul>
 */
public final class KlinkTokenFilter implements Filter {

    /** The default name of the {@code ServletContext} attribute a {@code web.xml} filter reads its service from. */
    public static final String DEFAULT_TOKEN_SERVICE_ATTRIBUTE = TokenService.class.getName();

    private static final Logger log = LoggerFactory.getLogger(KlinkTokenFilter.class);
    private static final AtomicLong INSTANCES = new AtomicLong();

    /**
     * The request attribute marking a request this instance has filtered (so that a forward or a second pass of the
     * same instance is not filtered twice), one per instance: two filters with different rules both run.
     */
    private final String filteredAttribute = KlinkTokenFilter.class.getName() + ".FILTERED."
            + INSTANCES.incrementAndGet();
    private volatile @Nullable Settings settings;

    /** For {@code web.xml}: the settings are read from init-parameters in {@link #init(FilterConfig)}. */
    public KlinkTokenFilter() {
        this.settings = null;
    }

    private KlinkTokenFilter(Settings settings) {
        this.settings = settings;
    }

    /** A builder protecting the application with {@code tokens}, usually the {@link TokenService}. */
    public static Builder builder(TokenVerifier tokens) {
        return new Builder(tokens);
    }

    /** Reads the init-parameters when the filter was created with the no-argument constructor. */
    @Override
    public void init(FilterConfig config) throws ServletException {
        if (settings != null) {
            return;
        }
        String attribute = parameter(config, "token-service-attribute", DEFAULT_TOKEN_SERVICE_ATTRIBUTE);
        Object service = config.getServletContext().getAttribute(attribute);
        if (!(service instanceof TokenVerifier tokenService)) {
            throw new ServletException("Filter " + config.getFilterName() + ": ServletContext attribute '" + attribute
                    + "' must hold a " + TokenService.class.getName() + " (set it in a ServletContextListener), found "
                    + (service == null ? "none" : service.getClass().getName()));
        }
        try {
            Builder builder = builder(tokenService)
                    .rules(parameter(config, "rules", ""))
                    .defaultAccess(Access.parse(parameter(config, "default-access", "authenticated")))
                    .realm(parameter(config, "realm", BearerErrorResponder.DEFAULT_REALM));
            String tenantResolver = config.getInitParameter("tenant-resolver");
            if (tenantResolver != null && !tenantResolver.isBlank()) {
                builder.tenantResolver(instantiate(tenantResolver.strip(), TenantResolver.class));
            }
            String bearerResolver = config.getInitParameter("bearer-token-resolver");
            if (bearerResolver != null && !bearerResolver.isBlank()) {
                builder.bearerTokenResolver(instantiate(bearerResolver.strip(), BearerTokenResolver.class));
            } else if (Boolean.parseBoolean(parameter(config, "allow-form-body-parameter", "false"))) {
                builder.bearerTokenResolver(DefaultBearerTokenResolver.builder().allowFormBodyParameter(true).build());
            }
            this.settings = builder.settings();
        } catch (IllegalArgumentException e) {
            throw new ServletException("Filter " + config.getFilterName() + ": " + e.getMessage(), e);
        }
    }

    private static String parameter(FilterConfig config, String name, String fallback) {
        String value = config.getInitParameter(name);
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    private static <T> T instantiate(String className, Class<T> type) {
        try {
            Class<?> found = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
            return type.cast(found.getConstructor().newInstance());
        } catch (ClassNotFoundException | NoSuchMethodException | InstantiationException | IllegalAccessException
                | InvocationTargetException | ClassCastException e) {
            throw new IllegalArgumentException("cannot create " + type.getSimpleName() + " from '" + className
                    + "' (needs a public no-argument constructor): " + e, e);
        }
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        Settings current = settings;
        if (current == null) {
            throw new ServletException("KlinkTokenFilter was not initialized");
        }
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)
                || req.getAttribute(filteredAttribute) != null) {
            chain.doFilter(req, res);
            return;
        }
        request.setAttribute(filteredAttribute, Boolean.TRUE);
        String method = request.getMethod();
        BearerAuthenticator.Outcome outcome = current.authenticator.authenticate(request,
                path -> current.accessFor(method, path).check());
        BearerError error = outcome.error();
        if (error != null) {
            refuse(current, request, response, outcome, error);
            return;
        }
        TokenPrincipal principal = outcome.principal();
        if (principal == null) {
            if (current.accessFor(method, outcome.path()).isPermitAll() || request.getUserPrincipal() != null) {
                passWithoutToken(current, request, response, chain);
            } else {
                refuse(current, request, response, outcome, BearerError.MISSING_TOKEN);
            }
            return;
        }
        request.setAttribute(TokenRequests.PRINCIPAL_ATTRIBUTE, principal);
        try {
            chain.doFilter(new TokenAuthenticatedRequest(request, principal), response);
        } catch (IOException | ServletException | RuntimeException e) {
            InsufficientAbilitiesException insufficient = InsufficientAbilitiesException.findIn(e);
            if (insufficient == null || !current.responder.write(response, BearerError.INSUFFICIENT_SCOPE,
                    insufficient.check().abilities())) {
                throw e;
            }
            log.debug("Refused {} {} for token {}: the application required {}", method, outcome.path(),
                    principal.tokenId(), insufficient.check());
        }
    }

    private static void passWithoutToken(Settings current, HttpServletRequest request,
            HttpServletResponse response, FilterChain chain) throws IOException, ServletException {
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException e) {
            // the application required abilities of a request that carried no token at all: challenge it
            InsufficientAbilitiesException insufficient = InsufficientAbilitiesException.findIn(e);
            if (insufficient == null || !current.responder.write(response, BearerError.MISSING_TOKEN, List.of())) {
                throw e;
            }
            log.debug("Challenged {} without a token: the application required {}", request.getMethod(),
                    insufficient.check());
        }
    }

    private static void refuse(Settings current, HttpServletRequest request, HttpServletResponse response,
            BearerAuthenticator.Outcome outcome, BearerError error) throws IOException {
        if (log.isDebugEnabled()) {
            String tokenId = outcome.tokenId();
            log.debug("Refused {} {}: {}{}", request.getMethod(), outcome.path(), error.code(),
                    tokenId == null ? "" : " (token " + tokenId + ")");
        }
        current.responder.write(response, error, outcome.scope());
    }

    @Override
    public void destroy() {
    }

    @Override
    public String toString() {
        Settings current = settings;
        return current == null ? "KlinkTokenFilter[not initialized]" : "KlinkTokenFilter" + current;
    }

    /** Everything the filter needs, fixed once built. */
    private static final class Settings {

        final List<AccessRule> rules;
        final Access defaultAccess;
        final BearerErrorResponder responder;
        final BearerAuthenticator authenticator;

        Settings(Builder builder) {
            this.rules = List.copyOf(builder.rules);
            this.defaultAccess = builder.defaultAccess;
            this.responder = builder.responder;
            this.authenticator = BearerAuthenticator.create(builder.tokens, builder.bearerTokenResolver,
                    builder.tenantResolver);
        }

        Access accessFor(String method, String path) {
            for (AccessRule rule : rules) {
                if (rule.matches(method, path)) {
                    return rule.access();
                }
            }
            return defaultAccess;
        }

        @Override
        public String toString() {
            return "[realm=" + responder.realm() + ", rules=" + rules + ", defaultAccess=" + defaultAccess + "]";
        }
    }

    /** Settings of a {@link KlinkTokenFilter}; each setter validates at once. */
    public static final class Builder {

        private final TokenVerifier tokens;
        private final List<AccessRule> rules = new ArrayList<>();
        private Access defaultAccess = Access.authenticated();
        private BearerErrorResponder responder = BearerErrorResponder.create();
        private TenantResolver tenantResolver = TenantResolver.anyTenant();
        private BearerTokenResolver bearerTokenResolver = DefaultBearerTokenResolver.create();

        private Builder(TokenVerifier tokens) {
            this.tokens = Objects.requireNonNull(tokens, "tokenVerifier");
        }

        /** Adds a rule after those added before; the first matching rule decides. */
        public Builder rule(AccessRule rule) {
            rules.add(Objects.requireNonNull(rule, "rule"));
            return this;
        }

        /** Adds rules written one per line, as {@link AccessRule#parseAll(String)} reads them. */
        public Builder rules(String text) {
            rules.addAll(AccessRule.parseAll(text));
            return this;
        }

        /**
         * What a request matching no rule needs: {@link Access#authenticated()} by default, so that a path nobody
         * thought of is closed rather than open.
         */
        public Builder defaultAccess(Access access) {
            this.defaultAccess = Objects.requireNonNull(access, "defaultAccess");
            return this;
        }

        /**
         * The realm of the {@code WWW-Authenticate} challenge ({@code klink} by default); printable ASCII. Short for
         * {@code responder(BearerErrorResponder.create(realm))}.
         */
        public Builder realm(String realm) {
            this.responder = BearerErrorResponder.create(Objects.requireNonNull(realm, "realm"));
            return this;
        }

        /**
         * Writes every refusal ({@link BearerErrorResponder#create()} by default): share one responder with the other
         * parts of the application that answer bearer requests, so that they all answer alike.
         */
        public Builder responder(BearerErrorResponder responder) {
            this.responder = Objects.requireNonNull(responder, "responder");
            return this;
        }

        /** Which tenant a request is for (any tenant by default). */
        public Builder tenantResolver(TenantResolver tenantResolver) {
            this.tenantResolver = Objects.requireNonNull(tenantResolver, "tenantResolver");
            return this;
        }

        /** Where the token is read from ({@link DefaultBearerTokenResolver} by default). */
        public Builder bearerTokenResolver(BearerTokenResolver bearerTokenResolver) {
            this.bearerTokenResolver = Objects.requireNonNull(bearerTokenResolver, "bearerTokenResolver");
            return this;
        }

        Settings settings() {
            return new Settings(this);
        }

        public KlinkTokenFilter build() {
            return new KlinkTokenFilter(settings());
        }
    }
}
