package dev.klink.tokens.servlet;

import static dev.klink.tokens.servlet.Problems.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.IssuedToken;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.testing.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two {@link KlinkTokenFilter} instances with different rules in one application: each one's rules hold, and each
 * answers through its own {@link BearerErrorResponder}.
 */
class TwoFiltersTest {

    private static TokenService tokens;
    private static TestServer server;
    private static IssuedToken orders;
    private static IssuedToken reports;
    private static IssuedToken both;

    @BeforeAll
    static void startServer() throws Exception {
        tokens = TokenService.builder(new SwitchableTokenStore()).clock(MutableClock.at("2026-03-01T10:00:00Z"))
                .backgroundUsageFlush(false).build();
        KlinkTokenFilter first = KlinkTokenFilter.builder(tokens)
                .rule(AccessRule.path("/**").all("orders:read"))
                .build();
        KlinkTokenFilter second = KlinkTokenFilter.builder(tokens)
                .rule(AccessRule.path("/**").all("reports:read"))
                .responder(BearerErrorResponder.create("reports"))
                .build();
        server = TestServer.start(new EchoServlet(), context -> { }, first, second);
        orders = issue("alice", "orders:read");
        reports = issue("bob", "reports:read");
        both = issue("carol", "orders:read", "reports:read");
    }

    private static IssuedToken issue(String owner, String... abilities) {
        return tokens.issue(IssueRequest.builder("acme", owner).name(owner).abilities(abilities).expiresInDays(1)
                .build());
    }

    @AfterAll
    static void stopServer() {
        server.close();
        tokens.close();
    }

    @Test
    void filterWhenTwoInstancesWithDifferentRulesThenBothEnforced() throws Exception {
        assertRefused(server.getWithToken("/x", reports.plaintext()), BearerError.INSUFFICIENT_SCOPE, "klink",
                "orders:read");
        assertRefused(server.getWithToken("/x", orders.plaintext()), BearerError.INSUFFICIENT_SCOPE, "reports",
                "reports:read");

        TestServer.Response passed = server.getWithToken("/x", both.plaintext());
        assertThat(passed.status()).isEqualTo(200);
        assertThat(passed.echo()).containsEntry("owner", "carol");
    }
}
