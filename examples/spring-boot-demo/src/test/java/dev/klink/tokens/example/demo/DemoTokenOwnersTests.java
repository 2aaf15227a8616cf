package dev.klink.tokens.example.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.AbilityCatalog;
import dev.klink.tokens.TokenPrincipal;
import dev.klink.tokens.servlet.TokenRequests;
import dev.klink.tokens.spring.TokenOwner;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class DemoTokenOwnersTests {

    private final DemoTokenOwners owners = new DemoTokenOwners(new DemoUsers());

    @Test
    void resolveWhenSignedInUserThenTheirTenantWhateverTheRequestSays() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/tokens");
        request.addHeader("X-Tenant", "acme");
        request.setServerName("acme.example.com");
        request.setUserPrincipal(() -> "bob");
        assertThat(owners.resolve(request)).contains(new TokenOwner("globex", "bob"));
    }

    @Test
    void resolveWhenAuthenticatedByTokenThenNobody() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/tokens");
        TokenPrincipal token = new TokenPrincipal("acme", "alice", "0123456789abcdef", "ci", Set.of("orders:read"),
                null, AbilityCatalog.unrestricted());
        request.setAttribute(TokenRequests.PRINCIPAL_ATTRIBUTE, token);
        request.setUserPrincipal(token);
        assertThat(owners.resolve(request)).isEmpty();
    }

    @Test
    void resolveWhenNobodySignedInOrUnknownUserThenNobody() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/tokens");
        assertThat(owners.resolve(request)).isEmpty();
        request.setUserPrincipal(() -> "mallory");
        assertThat(owners.resolve(request)).isEmpty();
    }
}
