package dev.klink.tokens.servlet;

import static dev.klink.tokens.servlet.BearerErrorResponder.jsonString;

import dev.klink.tokens.Abilities;
import dev.klink.tokens.AbilityCheck;
import dev.klink.tokens.TokenInfo;
import dev.klink.tokens.TokenPrincipal;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.VerificationFailure;
import dev.klink.tokens.VerificationResult;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Serial;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OAuth 2.0 Token Introspection (RFC 7662) for services that do not embed klink-tokens: a resource server in any
 * language, or Spring Security's {@code opaqueToken()} resource server, asks whether a token is active and for whom.
 *
 * <p>The request is {@code POST} with an {@code application/x-www-form-urlencoded} body holding {@code token=…}
 * ({@code token_type_hint} is accepted and ignored). In this order:
 * <ol>
 * <li>any other method: 405 with {@code Allow: POST};</li>
 * <li>the caller must authenticate before anything about the submitted token is looked at: HTTP Basic with an
 * {@link IntrospectionClient} (id and secret, the secret form-urlencoded as RFC 6749 section 2.3.1 says and
 * compared by hash in constant time), or a klink bearer token holding the caller ability
 * ({@value #DEFAULT_CALLER_ABILITY} unless configured). Otherwise 401 with {@code WWW-Authenticate: Basic
 * realm="…"} and {@code {"error":"invalid_client"}};</li>
 * <li>no form body, no {@code token}, several, or a {@code token} in the URL query: 400
 * {@code {"error":"invalid_request"}};</li>
 * <li>an active token: {@code {"active":true,"scope":"<abilities>","sub":"<owner>","username":"<owner>",
 * "exp":…,"iat":…,"jti":"<token id>","token_type":"Bearer","tenant":"<tenant>"}} ({@code exp} left out for a token
 * that never expires); anything else (malformed, unknown, wrong secret, expired, revoked, of another tenant than
 * the caller is bound to, or holding an IP allowlist, since the caller cannot vouch for the address of the token's
 * user) exactly {@code {"active":false}}, the same bytes whatever the reason;</li>
 * <li>the token store cannot be read: 503 with {@code Retry-After} and {@code {"error":"temporarily_unavailable"}},
 * never an answer about the token.</li>
 * </ol>
 * Every answer carries {@code Cache-Control: no-store}. An introspection counts as a use of the token: its
 * last-used time moves (written behind as usual; the address is not recorded, since the caller is not the token's
 * user). A caller authenticated with a bearer token is bound to that token's tenant; a client to the tenant it was
 * {@linkplain IntrospectionClient#boundToTenant(String) configured with}, if any.
 *
 * <pre>{@code
 * TokenIntrospectionServlet servlet = TokenIntrospectionServlet.builder(tokenService)
 *         .client(IntrospectionClient.withSecretHash("gateway", secretSha256Hex))
 *         .build();
 * }</pre>
 * Never logs a token, a secret or an {@code Authorization} value.
 */
public final class TokenIntrospectionServlet extends HttpServlet {

    /** The ability a bearer token needs to call the endpoint unless configured otherwise. */
    public static final String DEFAULT_CALLER_ABILITY = "tokens:introspect";

    @Serial
    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(TokenIntrospectionServlet.class);
    private static final byte[] INACTIVE = "{\"active\":false}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] INVALID_CLIENT = error("invalid_client", "Client authentication failed");
    private static final byte[] UNAVAILABLE = error("temporarily_unavailable",
            "Token introspection is temporarily unavailable");
    /** Compared against when the client id is unknown, so that unknown ids and wrong secrets take the same time. */
    private static final IntrospectionClient DECOY = IntrospectionClient.withSecretHash("decoy",
            IntrospectionClient.hashSecret("decoy"));
    private static final String FORM = "application/x-www-form-urlencoded";

    private final transient TokenService tokens;
    private final transient Map<String, IntrospectionClient> clients;
    private final transient AbilityCheck callerCheck;
    private final transient BearerAuthenticator bearerCallers;
    private final String basicChallenge;

    private TokenIntrospectionServlet(Builder builder) {
        this.tokens = builder.tokens;
        this.clients = Map.copyOf(builder.clients);
        this.callerCheck = AbilityCheck.all(builder.callerAbility);
        this.bearerCallers = BearerAuthenticator.create(tokens, DefaultBearerTokenResolver.create(),
                TenantResolver.anyTenant());
        this.basicChallenge = "Basic realm=" + BearerErrorResponder.quote(builder.realm);
    }

    /** A builder answering with the tokens of {@code tokenService}. */
    public static Builder builder(TokenService tokenService) {
        return new Builder(tokenService);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"POST".equals(request.getMethod())) {
            response.setHeader("Allow", "POST");
            write(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED,
                    error("invalid_request", "Introspection requests are POST"));
            return;
        }
        Caller caller;
        try {
            caller = authenticate(request);
        } catch (StoreUnavailable e) {
            unavailable(response);
            return;
        }
        if (caller == null) {
            response.setHeader("WWW-Authenticate", basicChallenge);
            write(response, HttpServletResponse.SC_UNAUTHORIZED, INVALID_CLIENT);
            return;
        }
        String token = submittedToken(request);
        if (token == null) {
            write(response, HttpServletResponse.SC_BAD_REQUEST, error("invalid_request",
                    "The request needs exactly one token parameter in a form-encoded body"));
            return;
        }
        byte[] answer;
        try {
            answer = introspect(token, caller);
        } catch (StoreUnavailable e) {
            unavailable(response);
            return;
        }
        write(response, HttpServletResponse.SC_OK, answer);
    }

    /** The caller, {@code null} when it did not authenticate. */
    private @Nullable Caller authenticate(HttpServletRequest request) {
        Enumeration<String> headers = request.getHeaders("Authorization");
        String header = headers != null && headers.hasMoreElements() ? headers.nextElement() : null;
        if (header == null || headers.hasMoreElements()) {
            return null;
        }
        String value = header.strip();
        if (value.regionMatches(true, 0, "Basic ", 0, 6)) {
            return basicClient(value.substring(6).strip());
        }
        BearerAuthenticator.Outcome outcome = bearerCallers.authenticate(request, path -> callerCheck);
        TokenPrincipal principal = outcome.principal();
        if (principal != null) {
            return new Caller("token " + principal.tokenId(), principal.tenantId());
        }
        if (outcome.error() == BearerError.STORE_UNAVAILABLE) {
            throw new StoreUnavailable();
        }
        return null;
    }

    private @Nullable Caller basicClient(String credentials) {
        String idAndSecret;
        String id;
        String secret;
        try {
            idAndSecret = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
            int colon = idAndSecret.indexOf(':');
            if (colon < 0) {
                return null;
            }
            id = URLDecoder.decode(idAndSecret.substring(0, colon), StandardCharsets.UTF_8);
            secret = URLDecoder.decode(idAndSecret.substring(colon + 1), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        IntrospectionClient client = clients.get(id);
        boolean matches = (client == null ? DECOY : client).secretMatches(secret);
        return client != null && matches ? new Caller("client " + client.id(), client.tenant()) : null;
    }

    /** The one {@code token} of the form body, or {@code null} when the request does not carry exactly one. */
    private static @Nullable String submittedToken(HttpServletRequest request) {
        String contentType = request.getContentType();
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith(FORM)
                || DefaultBearerTokenResolver.queryHasParameter(request.getQueryString(), "token")) {
            return null;
        }
        String[] values = request.getParameterValues("token");
        return values == null || values.length != 1 || values[0].isEmpty() ? null : values[0];
    }

    /** The answer about {@code token} for {@code caller}; reads the verification result here and nowhere else. */
    private byte[] introspect(String token, Caller caller) {
        VerificationResult result = tokens.verify(token, caller.tenant(), AbilityCheck.none(), null);
        if (result instanceof VerificationResult.Failed failed) {
            if (failed.failure() == VerificationFailure.STORE_UNAVAILABLE) {
                throw new StoreUnavailable();
            }
            log.debug("Introspection by {}: inactive ({})", caller.name(), failed.failure());
            return INACTIVE.clone();
        }
        TokenPrincipal principal = result.requirePrincipal();
        Optional<TokenInfo> info;
        try {
            info = tokens.get(principal.tenantId(), principal.tokenId());
        } catch (RuntimeException e) {
            log.warn("Token store unavailable while introspecting token {}: {}", principal.tokenId(), e.toString());
            throw new StoreUnavailable();
        }
        if (info.isEmpty()) {
            return INACTIVE.clone(); // deleted between the two reads
        }
        log.debug("Introspection by {}: token {} active", caller.name(), principal.tokenId());
        return active(principal, info.get().createdAt());
    }

    private static byte[] active(TokenPrincipal principal, Instant issuedAt) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("active", true);
        members.put("scope", String.join(" ", new TreeSet<>(principal.abilities())));
        members.put("sub", principal.ownerId());
        members.put("username", principal.ownerId());
        Instant expiresAt = principal.expiresAt();
        if (expiresAt != null) {
            members.put("exp", expiresAt.getEpochSecond());
        }
        members.put("iat", issuedAt.getEpochSecond());
        members.put("jti", principal.tokenId());
        members.put("token_type", "Bearer");
        members.put("tenant", principal.tenantId());
        return json(members);
    }

    private static byte[] error(String error, String description) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("error", error);
        members.put("error_description", description);
        return json(members);
    }

    /** A flat JSON object of strings, numbers and booleans, in the map's order. */
    private static byte[] json(Map<String, Object> members) {
        StringBuilder json = new StringBuilder("{");
        members.forEach((name, value) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append(jsonString(name)).append(':');
            json.append(value instanceof String text ? jsonString(text) : value.toString());
        });
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void unavailable(HttpServletResponse response) throws IOException {
        response.setHeader("Retry-After", Integer.toString(BearerErrorResponder.RETRY_AFTER_SECONDS));
        write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, UNAVAILABLE);
    }

    private static void write(HttpServletResponse response, int status, byte[] body) throws IOException {
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Pragma", "no-cache");
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    @Override
    public String toString() {
        return "TokenIntrospectionServlet[clients=" + clients.keySet() + ", callerAbility=" + callerCheck + "]";
    }

    /** Who is asking: for the debug log, and the tenant it is bound to ({@code null}: every tenant). */
    private record Caller(String name, @Nullable String tenant) {
    }

    /** The store could not be read: answered 503, never as an inactive token. */
    private static final class StoreUnavailable extends RuntimeException {

        @Serial
        private static final long serialVersionUID = 1L;

        StoreUnavailable() {
            super(null, null, false, false);
        }
    }

    /** Settings of a {@link TokenIntrospectionServlet}; each setter validates at once. */
    public static final class Builder {

        private final TokenService tokens;
        private final Map<String, IntrospectionClient> clients = new LinkedHashMap<>();
        private String callerAbility = DEFAULT_CALLER_ABILITY;
        private String realm = BearerErrorResponder.DEFAULT_REALM;

        private Builder(TokenService tokens) {
            this.tokens = Objects.requireNonNull(tokens, "tokenService");
        }

        /** Allows this client to call with HTTP Basic. */
        public Builder client(IntrospectionClient client) {
            Objects.requireNonNull(client, "client");
            if (clients.putIfAbsent(client.id(), client) != null) {
                throw new IllegalArgumentException("introspection client '" + client.id() + "' is configured twice");
            }
            return this;
        }

        /**
         * The ability a klink bearer token needs to call the endpoint ({@value #DEFAULT_CALLER_ABILITY} by default).
         */
        public Builder callerAbility(String ability) {
            if (!Abilities.isAbility(Objects.requireNonNull(ability, "callerAbility"))) {
                throw new IllegalArgumentException("callerAbility must be an ability such as tokens:introspect, was '"
                        + ability + "'");
            }
            this.callerAbility = ability;
            return this;
        }

        /** The realm of the {@code Basic} challenge ({@code klink} by default); printable ASCII. */
        public Builder realm(String realm) {
            this.realm = BearerErrorResponder.requireValidRealm(Objects.requireNonNull(realm, "realm"));
            return this;
        }

        public TokenIntrospectionServlet build() {
            return new TokenIntrospectionServlet(this);
        }
    }
}
