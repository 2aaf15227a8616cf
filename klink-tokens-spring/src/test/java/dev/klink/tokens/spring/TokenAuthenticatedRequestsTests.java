package dev.klink.tokens.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.AbilityCatalog;
import dev.klink.tokens.TokenPrincipal;
import dev.klink.tokens.servlet.TokenRequests;
import dev.klink.tokens.spring.security.TokenAuthentication;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;

class TokenAuthenticatedRequestsTests {

    private static final TokenPrincipal TOKEN = new TokenPrincipal("acme", "alice", "0123456789abcdef", "ci",
            Set.of("orders:read"), null, AbilityCatalog.unrestricted());

    private final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/tokens");

    @Test
    void isTokenAuthenticatedWhenFilterMarkedTheRequestThenTrue() {
        request.setUserPrincipal(() -> "alice");
        request.setAttribute(TokenRequests.PRINCIPAL_ATTRIBUTE, TOKEN);
        assertThat(TokenAuthenticatedRequests.isTokenAuthenticated(request)).isTrue();
    }

    @Test
    void isTokenAuthenticatedWhenUserPrincipalIsATokenThenTrue() {
        request.setUserPrincipal(TOKEN);
        assertThat(TokenAuthenticatedRequests.isTokenAuthenticated(request)).isTrue();
        request.setUserPrincipal(new TokenAuthentication(TOKEN, List.of()));
        assertThat(TokenAuthenticatedRequests.isTokenAuthenticated(request)).isTrue();
        request.setUserPrincipal(UsernamePasswordAuthenticationToken.authenticated(TOKEN, null, List.of()));
        assertThat(TokenAuthenticatedRequests.isTokenAuthenticated(request)).isTrue();
    }

    @Test
    void isTokenAuthenticatedWhenSignedInUserOrNobodyThenFalse() {
        assertThat(TokenAuthenticatedRequests.isTokenAuthenticated(request)).isFalse();
        request.setUserPrincipal(UsernamePasswordAuthenticationToken.authenticated("alice", null, List.of()));
        assertThat(TokenAuthenticatedRequests.isTokenAuthenticated(request)).isFalse();
    }
}
