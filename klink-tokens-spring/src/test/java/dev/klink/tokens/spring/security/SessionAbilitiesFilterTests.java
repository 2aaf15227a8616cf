package dev.klink.tokens.spring.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.AbilityCatalog;
import dev.klink.tokens.TokenPrincipal;
import dev.klink.tokens.servlet.TokenRequests;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

/** Only an authentication the HTTP session holds gets session abilities, for the request only. */
class SessionAbilitiesFilterTests {

    private static final AbilityCatalog CATALOG = AbilityCatalog.builder()
            .ability("orders:read", "Read orders")
            .ability("orders:write", "Place orders", "orders:read")
            .ability("admin", "Administer")
            .build();

    private final SessionAbilitiesFilter filter =
            new SessionAbilitiesFilter(SessionAbilities.of(CATALOG, List.of("orders:write")));
    private final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/orders");
    private final Authentication alice = UsernamePasswordAuthenticationToken.authenticated("alice", null,
            AuthorityUtils.createAuthorityList("ROLE_USER"));

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
    }

    /** The authorities the application saw while the request was served, then those after it. */
    private List<List<String>> serve() throws Exception {
        List<List<String>> seen = new ArrayList<>();
        filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> seen.add(authorities()));
        seen.add(authorities());
        return seen;
    }

    private static List<String> authorities() {
        Authentication current = SecurityContextHolder.getContext().getAuthentication();
        return current == null ? List.of()
                : current.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted().toList();
    }

    private void signIn(Authentication inContext, Authentication inSession) {
        SecurityContextHolder.getContext().setAuthentication(inContext);
        request.getSession(true).setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY,
                new SecurityContextImpl(inSession));
    }

    @Test
    void filterWhenSessionHoldsTheAuthenticationThenAbilitiesForThisRequestOnly() throws Exception {
        signIn(alice, alice);
        assertThat(serve()).containsExactly(List.of("ROLE_USER", "SCOPE_orders:read", "SCOPE_orders:write"),
                List.of("ROLE_USER"));
        assertThat(SecurityContextHolder.getContext().getAuthentication()).isSameAs(alice);
    }

    @Test
    void filterWhenNoSessionThenNothing() throws Exception {
        SecurityContextHolder.getContext().setAuthentication(alice);   // HTTP Basic, a JWT: not a session
        assertThat(serve()).containsExactly(List.of("ROLE_USER"), List.of("ROLE_USER"));
    }

    @Test
    void filterWhenSessionHoldsSomeoneElseThenNothing() throws Exception {
        Authentication bob = UsernamePasswordAuthenticationToken.authenticated("bob", null,
                AuthorityUtils.createAuthorityList("ROLE_USER"));
        signIn(alice, bob);
        assertThat(serve()).containsExactly(List.of("ROLE_USER"), List.of("ROLE_USER"));
    }

    @Test
    void filterWhenTokenAuthenticatedThenOnlyTheTokensAuthorities() throws Exception {
        TokenPrincipal principal = new TokenPrincipal("acme", "alice", "id", "ci", Set.of("admin"), null, CATALOG);
        TokenAuthentication token = new TokenAuthentication(principal, TokenAuthorities.of(principal, CATALOG));
        request.setAttribute(TokenRequests.PRINCIPAL_ATTRIBUTE, principal);
        signIn(token, token);
        assertThat(serve()).containsExactly(List.of("SCOPE_admin"), List.of("SCOPE_admin"));
    }
}
