package dev.klink.tokens.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.servlet.TenantResolver;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** The README's tenant resolvers answer as the README says. */
class TenantResolversTest {

    private static MockHttpServletRequest request(String host, String contextPath, String uri) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
        request.setServerName(host);
        request.setContextPath(contextPath);
        return request;
    }

    @Test
    void tenantByHostWhenSubDomainThenItsTenantElseAnyTenant() {
        TenantResolver byHost = new TenantResolvers().tenantByHost();
        assertThat(byHost.resolveTenant(request("acme.shop.example", "", "/api/orders"))).isEqualTo("acme");
        assertThat(byHost.resolveTenant(request("shop.example", "", "/api/orders"))).isNull();
        assertThat(byHost.resolveTenant(request("acme.evil.example", "", "/api/orders"))).isNull();
    }

    @Test
    void tenantByPathWhenUnderTThenSegmentEmptyWhenMissingAndNullOutside() {
        TenantResolver byPath = TenantResolvers.tenantByPath();
        assertThat(byPath.resolveTenant(request("localhost", "/shop", "/shop/t/acme/api/orders"))).isEqualTo("acme");
        assertThat(byPath.resolveTenant(request("localhost", "", "/t/acme"))).isEqualTo("acme");
        assertThat(byPath.resolveTenant(request("localhost", "", "/t//api/orders"))).isEmpty();
        assertThat(byPath.resolveTenant(request("localhost", "", "/health"))).isNull();
    }

    @Test
    void tenantBySignedInUserWhenGatewayHeaderThenItsValue() {
        MockHttpServletRequest request = request("localhost", "", "/api/orders");
        request.addHeader("X-Authenticated-Tenant", "globex");
        assertThat(TenantResolvers.tenantBySignedInUser().resolveTenant(request)).isEqualTo("globex");
    }
}
