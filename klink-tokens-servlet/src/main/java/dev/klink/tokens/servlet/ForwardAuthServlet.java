package dev.klink.tokens.servlet;

import dev.klink.tokens.Abilities;
import dev.klink.tokens.AbilityCheck;
import dev.klink.tokens.TokenPrincipal;
import dev.klink.tokens.TokenService;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Serial;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forward authentication for gateways: nginx {@code auth_request}, Traefik {@code ForwardAuth}, Caddy
 * {@code forward_auth}, Envoy {@code ext_authz} (HTTP). The gateway sends the headers of the client's request
 * here, this servlet verifies its {@code Authorization: Bearer} token and the gateway lets the request through on 200.
 *
 * <p>The gateway may add, per location:
 * <ul>
 * <li>{@value #REQUIRE_HEADER}: the abilities the location needs, separated by spaces or commas, all of them
 * required (e.g. {@code orders:read orders:write});</li>
 * <li>{@value #TENANT_HEADER}: the tenant the location belongs to; a token of another tenant is invalid.</li>
 * </ul>
 * A gateway must set (or clear) both itself, so that a client cannot choose them. On success the answer is 200 with
 * {@value #TENANT_HEADER}, {@value #OWNER_HEADER}, {@value #TOKEN_ID_HEADER} and {@value #ABILITIES_HEADER}
 * (space-separated, sorted) for the gateway to pass upstream; characters outside printable ASCII, and {@code %},
 * are percent-encoded as UTF-8. Every refusal is the answer of the HTTP error table, written by the
 * {@link BearerErrorResponder} (status, {@code WWW-Authenticate}, problem body), decided by the same
 * {@link BearerAuthenticator} as the {@link KlinkTokenFilter}, so the gateway can relay it to the client. A
 * {@value #REQUIRE_HEADER} that is not a list of abilities, or either header given twice, is 400
 * {@code invalid_gateway_header}: the gateway is misconfigured. Any method is accepted, since gateways forward the
 * client's. Every answer carries {@code Cache-Control: no-store}.
 */
public final class ForwardAuthServlet extends HttpServlet {

    /** Abilities the gateway requires for the location, all needed. */
    public static final String REQUIRE_HEADER = "X-Klink-Require";
    /** Request: the tenant the gateway expects; response: the token's tenant. */
    public static final String TENANT_HEADER = "X-Klink-Tenant";
    /** Response: the token's owner. */
    public static final String OWNER_HEADER = "X-Klink-Owner";
    /** Response: the token's id. */
    public static final String TOKEN_ID_HEADER = "X-Klink-Token-Id";
    /** Response: the token's abilities, space-separated. */
    public static final String ABILITIES_HEADER = "X-Klink-Abilities";
    /** The {@code code} of the answer to a gateway header that cannot be read. */
    public static final String INVALID_GATEWAY_HEADER = "invalid_gateway_header";

    @Serial
    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(ForwardAuthServlet.class);
    private static final byte[] INVALID_HEADER_BODY = BearerErrorResponder.problem(400,
            "The gateway's " + REQUIRE_HEADER + " or " + TENANT_HEADER + " header is invalid", INVALID_GATEWAY_HEADER);
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final transient BearerAuthenticator authenticator;
    private final transient BearerErrorResponder responder;

    private ForwardAuthServlet(Builder builder) {
        this.responder = builder.responder;
        this.authenticator = BearerAuthenticator.create(builder.tokens, builder.bearerTokenResolver,
                ForwardAuthServlet::expectedTenant);
    }

    /** A builder verifying with {@code tokenService}. */
    public static Builder builder(TokenService tokenService) {
        return new Builder(tokenService);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        AbilityCheck check;
        try {
            check = requiredAbilities(request);
            expectedTenant(request);
        } catch (IllegalArgumentException e) {
            log.debug("Refused a forward-auth request: {}", e.getMessage());
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            BearerErrorResponder.writeBody(response, INVALID_HEADER_BODY);
            return;
        }
        BearerAuthenticator.Outcome outcome = authenticator.authenticate(request, path -> check);
        TokenPrincipal principal = outcome.principal();
        if (principal == null) {
            BearerError error = outcome.error();
            BearerError answer = error == null ? BearerError.MISSING_TOKEN : error;
            if (log.isDebugEnabled()) {
                String tokenId = outcome.tokenId();
                log.debug("Forward-auth refused: {}{}", answer.code(), tokenId == null ? "" : " (token " + tokenId
                        + ")");
            }
            responder.write(response, answer, outcome.scope());
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader(TENANT_HEADER, headerValue(principal.tenantId()));
        response.setHeader(OWNER_HEADER, headerValue(principal.ownerId()));
        response.setHeader(TOKEN_ID_HEADER, principal.tokenId());
        response.setHeader(ABILITIES_HEADER, String.join(" ", new TreeSet<>(principal.abilities())));
        response.setContentLength(0);
    }

    private static AbilityCheck requiredAbilities(HttpServletRequest request) {
        String value = singleHeader(request, REQUIRE_HEADER);
        if (value == null || value.isBlank()) {
            return AbilityCheck.none();
        }
        List<String> abilities = new ArrayList<>();
        for (String ability : value.strip().split("[\\s,]+")) {
            if (!Abilities.isAbility(ability)) {
                throw new IllegalArgumentException(REQUIRE_HEADER + " holds something that is not an ability");
            }
            abilities.add(ability);
        }
        return AbilityCheck.of(AbilityCheck.Mode.ALL, abilities);
    }

    private static @Nullable String expectedTenant(HttpServletRequest request) {
        String tenant = singleHeader(request, TENANT_HEADER);
        return tenant == null || tenant.isBlank() ? null : tenant.strip();
    }

    private static @Nullable String singleHeader(HttpServletRequest request, String name) {
        Enumeration<String> values = request.getHeaders(name);
        if (values == null || !values.hasMoreElements()) {
            return null;
        }
        String value = values.nextElement();
        if (values.hasMoreElements()) {
            throw new IllegalArgumentException(name + " was given more than once");
        }
        return value;
    }

    /** {@code value} with {@code %} and every character outside printable ASCII percent-encoded as UTF-8. */
    static String headerValue(String value) {
        boolean plain = value.chars().allMatch(c -> c >= 0x20 && c <= 0x7e && c != '%');
        if (plain) {
            return value;
        }
        StringBuilder encoded = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c >= 0x20 && c <= 0x7e && c != '%') {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return encoded.toString();
    }

    @Override
    public String toString() {
        return "ForwardAuthServlet[realm=" + responder.realm() + "]";
    }

    /** Settings of a {@link ForwardAuthServlet}. */
    public static final class Builder {

        private final TokenService tokens;
        private BearerErrorResponder responder = BearerErrorResponder.create();
        private BearerTokenResolver bearerTokenResolver = DefaultBearerTokenResolver.create();

        private Builder(TokenService tokens) {
            this.tokens = Objects.requireNonNull(tokens, "tokenService");
        }

        /** Writes every refusal ({@link BearerErrorResponder#create()} by default): share the application's. */
        public Builder responder(BearerErrorResponder responder) {
            this.responder = Objects.requireNonNull(responder, "responder");
            return this;
        }

        /** Where the token is read from ({@link DefaultBearerTokenResolver} by default). */
        public Builder bearerTokenResolver(BearerTokenResolver bearerTokenResolver) {
            this.bearerTokenResolver = Objects.requireNonNull(bearerTokenResolver, "bearerTokenResolver");
            return this;
        }

        public ForwardAuthServlet build() {
            return new ForwardAuthServlet(this);
        }
    }
}
