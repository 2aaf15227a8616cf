package dev.klink.tokens.spring.test;

import static dev.klink.tokens.spring.test.KlinkTokenRequestPostProcessors.bearer;
import static dev.klink.tokens.spring.test.KlinkTokenRequestPostProcessors.klinkToken;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.klink.tokens.InvalidTokenRequestException;
import dev.klink.tokens.TokenService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/** {@code klinkToken()} makes a request that the application treats exactly as one with a valid token. */
@SpringBootTest(classes = OrdersApp.class)
class KlinkTokenRequestPostProcessorsTests {

    @Autowired
    WebApplicationContext context;

    @Autowired
    TokenService tokens;

    private MockMvc mvc;

    @BeforeEach
    void mvc() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
    }

    @Test
    void klinkTokenWhenAbilityHeldThenRulePassesWithTokenPrincipal() throws Exception {
        mvc.perform(get("/api/orders").with(klinkToken().tenant("acme").owner("alice").abilities("orders:read")))
                .andExpect(status().isOk())
                .andExpect(content().string("orders of acme/alice via test token"));
    }

    @Test
    void klinkTokenWhenImpliedAbilityThenAuthorityToo() throws Exception {
        mvc.perform(get("/api/orders").with(klinkToken().tenant("acme").owner("alice").abilities("orders:write")
                .tokenName("CI deploy")))
                .andExpect(status().isOk())
                .andExpect(content().string("orders of acme/alice via CI deploy"));
    }

    @Test
    void klinkTokenWhenAbilityMissingThen403InsufficientScope() throws Exception {
        mvc.perform(get("/api/orders").with(klinkToken().tenant("acme").owner("alice")))
                .andExpect(status().isForbidden())
                .andExpect(header().string("WWW-Authenticate", "Bearer realm=\"klink\", error=\"insufficient_scope\", "
                        + "error_description=\"The access token lacks the required abilities\", scope=\"orders:read\""))
                .andExpect(content().json("{\"code\":\"insufficient_scope\"}"));
    }

    @Test
    void klinkTokenWhenPostThenNoCsrfTokenNeededAndOwnerResolved() throws Exception {
        mvc.perform(post("/api/orders").with(klinkToken().tenant("acme").owner("alice").abilities("orders:write")))
                .andExpect(status().isOk())
                .andExpect(content().string("placed for acme/alice"));
        mvc.perform(post("/api/orders").with(klinkToken().tenant("acme").owner("alice").abilities("orders:read")))
                .andExpect(status().isForbidden())
                .andExpect(content().json("{\"code\":\"insufficient_scope\"}"));
    }

    @Test
    void requiresAbilitiesWhenKlinkTokenThenChecked() throws Exception {
        mvc.perform(get("/api/reports").with(klinkToken().abilities("orders:write")))
                .andExpect(status().isOk())
                .andExpect(content().string("reports"));
        mvc.perform(get("/api/reports").with(klinkToken().abilities("orders:read")))
                .andExpect(status().isForbidden())
                .andExpect(content().json("{\"code\":\"insufficient_scope\"}"));
    }

    @Test
    void klinkTokenWhenAbilityNotDeclaredThenRefusedNamingIt() {
        assertThatThrownBy(() -> mvc.perform(get("/api/orders").with(klinkToken().abilities("orders:raed"))))
                .isInstanceOf(InvalidTokenRequestException.class)
                .hasMessageContaining("Unknown ability 'orders:raed'");
    }

    @Test
    void bearerWhenRealTokenThenVerifiedEndToEnd() throws Exception {
        TestTokens testTokens = TestTokens.of(tokens);
        String token = testTokens.issue("acme", "alice", "orders:read");
        mvc.perform(get("/api/orders").with(bearer(token)))
                .andExpect(status().isOk())
                .andExpect(content().string("orders of acme/alice via test token"));
        mvc.perform(post("/api/orders").with(testTokens.bearer("acme", "bob", "orders:write")))
                .andExpect(status().isOk())
                .andExpect(content().string("placed for acme/bob"));
        mvc.perform(get("/api/orders").with(bearer(token + "x")))
                .andExpect(status().isUnauthorized())
                .andExpect(content().json("{\"code\":\"invalid_token\"}"));
    }

    @Test
    void testTokensWhenAbilityNotGrantableThenRefused() {
        assertThatThrownBy(() -> TestTokens.of(tokens).issue("acme", "alice", "orders:*"))
                .isInstanceOf(InvalidTokenRequestException.class);
    }
}
