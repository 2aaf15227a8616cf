package dev.klink.tokens.servlet;

import static dev.klink.tokens.servlet.Problems.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.AbilityCatalog;
import dev.klink.tokens.TokenPrincipal;
import dev.klink.tokens.TokenVerifier;
import dev.klink.tokens.VerificationFailure;
import dev.klink.tokens.VerificationResult;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The filter needs only a {@link TokenVerifier}: any implementation decides, with what the filter hands it. */
class TokenVerifierFilterTest {

    private static final String ID = "AAAAbbbbCCCC0123";

    @Test
    void filterWhenBuiltOnAVerifierLambdaThenItDecidesWithTenantCheckAndClientIp() throws Exception {
        TokenPrincipal alice = new TokenPrincipal("acme", "alice", ID, "CI", Set.of("orders:read"), null,
                AbilityCatalog.unrestricted());
        List<String> calls = new CopyOnWriteArrayList<>();
        TokenVerifier verifier = (bearer, tenant, check, clientIp) -> {
            calls.add(bearer + " " + tenant + " " + check.abilities() + " " + clientIp);
            return "good-token".equals(bearer) ? VerificationResult.valid(alice)
                    : VerificationResult.failed(VerificationFailure.REVOKED, ID);
        };
        KlinkTokenFilter filter = KlinkTokenFilter.builder(verifier)
                .rule(AccessRule.path("/**").all("orders:read"))
                .build();

        try (TestServer server = TestServer.start(new EchoServlet(), context -> { }, filter)) {
            TestServer.Response passed = server.getWithToken("/x", "good-token");
            assertThat(passed.status()).isEqualTo(200);
            assertThat(passed.echo()).containsEntry("owner", "alice");
            assertRefused(server.getWithToken("/x", "revoked-token"), BearerError.of(VerificationFailure.REVOKED));
        }

        assertThat(calls).containsExactly("good-token null [orders:read] 127.0.0.1",
                "revoked-token null [orders:read] 127.0.0.1");
    }
}
