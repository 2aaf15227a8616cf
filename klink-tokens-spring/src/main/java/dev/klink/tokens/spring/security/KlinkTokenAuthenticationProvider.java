package dev.klink.tokens.spring.security;

import dev.klink.tokens.AbilityCheck;
import dev.klink.tokens.TokenPrincipal;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.TokenVerifier;
import dev.klink.tokens.VerificationFailure;
import dev.klink.tokens.VerificationResult;
import dev.klink.tokens.servlet.BearerError;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * Verifies a {@link BearerTokenAuthenticationRequest} with a {@link TokenVerifier} (the {@link TokenService}): a valid token becomes a
 * {@link TokenAuthentication}; anything else a {@link KlinkTokenAuthenticationException} carrying the
 * {@link BearerError} the client is shown. Abilities are not checked here but by the application's authorization
 * rules, against the {@code SCOPE_} authorities. For applications that authenticate tokens through an
 * {@code AuthenticationManager} of their own: the {@link KlinkTokenAuthenticationFilter} verifies with the shared
 * {@code BearerAuthenticator} and only uses {@link #authenticated(TokenPrincipal)}.
 *
 * <p>Deliberately not a bean: an {@code AuthenticationProvider} bean would make Spring Boot drop its default
 * {@code UserDetailsService} and the global authentication manager the application's login relies on.
 */
public final class KlinkTokenAuthenticationProvider implements AuthenticationProvider {

    /** Enough for every ability combination a real catalog sees; beyond it, authorities are computed each time. */
    private static final int MAX_CACHED_ABILITY_SETS = 1024;

    private final TokenVerifier tokens;
    /**
     * Authorities by the token's (immutable) ability set: mapping a set walks the whole catalog, and every request
     * would repeat it for the few sets tokens actually hold. The verifier's catalog is fixed, so an entry never goes
     * stale.
     */
    private final Map<Set<String>, List<GrantedAuthority>> authorities = new ConcurrentHashMap<>();

    public KlinkTokenAuthenticationProvider(TokenVerifier tokens) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    @Override
    public TokenAuthentication authenticate(Authentication authentication) {
        BearerTokenAuthenticationRequest request = (BearerTokenAuthenticationRequest) authentication;
        VerificationResult result = tokens.verify(request.getCredentials(), request.tenant(), AbilityCheck.none(),
                request.clientIp());
        if (result instanceof VerificationResult.Failed failed) {
            VerificationFailure failure = failed.failure();
            throw new KlinkTokenAuthenticationException(BearerError.of(failure), failure);
        }
        return authenticated(result.requirePrincipal());
    }

    /** The authentication of a verified token: its principal and {@code SCOPE_} authorities. */
    public TokenAuthentication authenticated(TokenPrincipal principal) {
        return new TokenAuthentication(principal, authoritiesOf(principal));
    }

    private List<GrantedAuthority> authoritiesOf(TokenPrincipal principal) {
        List<GrantedAuthority> cached = authorities.get(principal.abilities());
        if (cached != null) {
            return cached;
        }
        List<GrantedAuthority> computed = TokenAuthorities.of(principal, principal.catalog());
        if (authorities.size() < MAX_CACHED_ABILITY_SETS) {
            authorities.putIfAbsent(principal.abilities(), computed);
        }
        return computed;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return BearerTokenAuthenticationRequest.class.isAssignableFrom(authentication);
    }

    @Override
    public String toString() {
        return "KlinkTokenAuthenticationProvider[" + tokens + "]";
    }
}
