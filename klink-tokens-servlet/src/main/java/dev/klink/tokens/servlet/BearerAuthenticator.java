package dev.klink.tokens.servlet;

import dev.klink.tokens.AbilityCheck;
import dev.klink.tokens.TokenPrincipal;
import dev.klink.tokens.TokenVerifier;
import dev.klink.tokens.VerificationFailure;
import dev.klink.tokens.VerificationResult;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one decision both the {@link KlinkTokenFilter} and the Spring Security filter make for a request: path →
 * bearer value → tenant → verification, ending in a {@link BearerError} to answer, no credentials, or the verified
 * {@link TokenPrincipal}. Sharing it keeps the two integrations from answering the same request differently.
 *
 * <ol>
 * <li>a path that can be read more than one way is {@link BearerError#INVALID_PATH};</li>
 * <li>the {@link BearerTokenResolver} refuses several credentials, a token in the URL or a malformed header, or
 * finds no credentials;</li>
 * <li>the {@link TenantResolver} names the tenant; if it throws, that is a fault of the application: logged at
 * ERROR and answered {@link BearerError#TENANT_RESOLUTION_FAILED}, never a misleading 401;</li>
 * <li>the {@link TokenVerifier} (a {@code TokenService}) verifies the token for that tenant, the abilities the caller asks for and the
 * client's address.</li>
 * </ol>
 * Immutable and thread-safe; never logs a token.
 */
public final class BearerAuthenticator {

    private static final Logger log = LoggerFactory.getLogger(BearerAuthenticator.class);

    private final TokenVerifier tokens;
    private final BearerTokenResolver bearerTokenResolver;
    private final TenantResolver tenantResolver;

    private BearerAuthenticator(TokenVerifier tokens, BearerTokenResolver bearerTokenResolver,
            TenantResolver tenantResolver) {
        this.tokens = Objects.requireNonNull(tokens, "tokenVerifier");
        this.bearerTokenResolver = Objects.requireNonNull(bearerTokenResolver, "bearerTokenResolver");
        this.tenantResolver = Objects.requireNonNull(tenantResolver, "tenantResolver");
    }

    /**
     * Verifies with {@code tokens}, reading the credentials with {@code bearerTokenResolver} and the tenant with
     * {@code tenantResolver}.
     */
    public static BearerAuthenticator create(TokenVerifier tokens, BearerTokenResolver bearerTokenResolver,
            TenantResolver tenantResolver) {
        return new BearerAuthenticator(tokens, bearerTokenResolver, tenantResolver);
    }

    /**
     * Decides the request.
     *
     * @param checkForPath the abilities the token must hold, given the request's path inside the application
     *        (consulted only for a request carrying a token); {@code path -> AbilityCheck.none()} to verify the token
     *        alone and leave abilities to later authorization
     */
    public Outcome authenticate(HttpServletRequest request, Function<String, AbilityCheck> checkForPath) {
        String path = RequestPaths.pathWithinApplication(request);
        if (path == null) {
            return Outcome.refused("", BearerError.INVALID_PATH, List.of(), null, null);
        }
        BearerResolution resolution = bearerTokenResolver.resolve(request);
        String token = resolution.token();
        if (token == null) {
            BearerError error = resolution.error();
            return error == null ? new Outcome(path, null, null, List.of(), null, null)
                    : Outcome.refused(path, error, List.of(), null, null);
        }
        String tenant;
        try {
            tenant = tenantResolver.resolveTenant(request);
        } catch (RuntimeException e) {
            // the exception is the application's own; the request's credentials are not part of it
            log.error("Tenant resolver {} failed for {} {}", tenantResolver, request.getMethod(), path, e);
            return Outcome.refused(path, BearerError.TENANT_RESOLUTION_FAILED, List.of(), null, null);
        }
        AbilityCheck check = checkForPath.apply(path);
        VerificationResult result = tokens.verify(token, tenant, check, request.getRemoteAddr());
        if (result instanceof VerificationResult.Failed failed) {
            VerificationFailure failure = failed.failure();
            List<String> scope = failure == VerificationFailure.INSUFFICIENT_ABILITIES ? check.abilities() : List.of();
            return Outcome.refused(path, BearerError.of(failure), scope, failure, failed.tokenId());
        }
        return new Outcome(path, result.requirePrincipal(), null, List.of(), null, null);
    }

    /**
     * Whether the request's path can be read more than one way, which {@link #authenticate} answers with
     * {@link BearerError#INVALID_PATH}: for code that meets such a request before the authenticator does (a
     * firewall refusing it on its own) and wants to answer it alike.
     */
    public static boolean hasAmbiguousPath(HttpServletRequest request) {
        return RequestPaths.pathWithinApplication(request) == null;
    }

    @Override
    public String toString() {
        return "BearerAuthenticator[bearerTokenResolver=" + bearerTokenResolver + ", tenantResolver="
                + tenantResolver + "]";
    }

    /**
     * What {@link #authenticate} decided: a verified {@link #principal()}, an {@link #error()} to answer, or
     * neither (the request carries no credentials). {@link #toString()} never shows a token.
     *
     * @param path the request's path inside the application; empty when the error is {@link BearerError#INVALID_PATH}
     * @param scope the abilities the request needs, for {@link BearerError#INSUFFICIENT_SCOPE}; otherwise empty
     * @param failure the finer verification failure, for logs and metrics, when verification refused the token
     * @param tokenId the id of the refused token when known, for logs
     */
    public record Outcome(String path, @Nullable TokenPrincipal principal, @Nullable BearerError error,
            List<String> scope, @Nullable VerificationFailure failure, @Nullable String tokenId) {

        public Outcome {
            Objects.requireNonNull(path, "path");
            scope = List.copyOf(scope);
        }

        static Outcome refused(String path, BearerError error, List<String> scope,
                @Nullable VerificationFailure failure, @Nullable String tokenId) {
            return new Outcome(path, null, error, scope, failure, tokenId);
        }

        /** Whether the request carries no credentials at all (and its path is fine). */
        public boolean hasNoCredentials() {
            return principal == null && error == null;
        }
    }
}
