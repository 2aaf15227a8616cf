package dev.klink.tokens.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.AbilityCatalog;
import dev.klink.tokens.TokenPrincipal;
import dev.klink.tokens.servlet.BearerErrorResponder;
import dev.klink.tokens.servlet.TokenRequests;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.method.HandlerMethod;

class RequiresAbilitiesInterceptorTests {

    /** One handler method, inherited by controllers that need different abilities. */
    abstract static class ReportsBase {
        public String report() {
            return "report";
        }
    }

    @RequiresAbilities("reports:read")
    static final class ReportsController extends ReportsBase {
    }

    @RequiresAbilities("admin")
    static final class AdminReportsController extends ReportsBase {
    }

    private final RequiresAbilitiesInterceptor interceptor = new RequiresAbilitiesInterceptor(
            BearerErrorResponder.create());

    private static MockHttpServletRequest requestWithToken(String... abilities) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/reports");
        request.setAttribute(TokenRequests.PRINCIPAL_ATTRIBUTE, new TokenPrincipal("acme", "alice",
                "0123456789abcdef", "reports", Set.of(abilities), null, AbilityCatalog.unrestricted()));
        return request;
    }

    private int status(Object controller) throws Exception {
        HandlerMethod handler = new HandlerMethod(controller, ReportsBase.class.getMethod("report"));
        MockHttpServletResponse response = new MockHttpServletResponse();
        boolean proceed = interceptor.preHandle(requestWithToken("reports:read"), response, handler);
        return proceed ? 200 : response.getStatus();
    }

    @Test
    void preHandleWhenTwoControllersInheritOneMethodThenEachCheckedWithItsOwnAbilities() throws Exception {
        assertThat(status(new ReportsController())).isEqualTo(200);
        assertThat(status(new AdminReportsController())).isEqualTo(403);
        assertThat(status(new ReportsController())).isEqualTo(200);
    }

    @Test
    void preHandleWhenOtherControllerCheckedFirstThenCacheDoesNotLeak() throws Exception {
        assertThat(status(new AdminReportsController())).isEqualTo(403);
        assertThat(status(new ReportsController())).isEqualTo(200);
    }
}
