package dev.klink.tokens.example.multitenant;

import static dev.klink.tokens.spring.test.KlinkTokenRequestPostProcessors.klinkToken;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.klink.tokens.TokenService;
import dev.klink.tokens.spring.test.TestTokens;
import dev.klink.tokens.spring.test.WithTokenPrincipal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

@SpringBootTest
class OrdersApiTests {

    @Autowired
    WebApplicationContext context;

    @Autowired
    TokenService tokenService;

    MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
    }

    @Test
    void listWhenTokenCanReadThenOk() throws Exception {
        mvc.perform(get("/t/acme/api/me").with(klinkToken().tenant("acme").owner("alice").abilities("orders:read")))
                .andExpect(status().isOk())
                .andExpect(content().json("{\"tenant\":\"acme\",\"owner\":\"alice\",\"token\":\"test token\"}"));
    }

    @Test
    void placeWhenTokenCanOnlyReadThen403InsufficientScope() throws Exception {
        mvc.perform(post("/t/acme/api/orders")
                        .with(klinkToken().tenant("acme").owner("alice").abilities("orders:read"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"customer\":\"Acme\",\"totalCents\":500}"))
                .andExpect(status().isForbidden())
                .andExpect(content().json("{\"code\":\"insufficient_scope\"}"));
    }

    @Test
    @WithTokenPrincipal(tenant = "acme", owner = "alice", abilities = "orders:write")
    void placeWhenTokenCanWriteThenCreated() throws Exception {
        mvc.perform(post("/t/acme/api/orders").with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"customer\":\"Acme\",\"totalCents\":500}"))
                .andExpect(status().isCreated())
                .andExpect(content().json("{\"tenant\":\"acme\",\"placedBy\":\"alice\"}"));
    }

    @Test
    void listWhenRealTokenOfAnotherTenantThen401() throws Exception {
        TestTokens tokens = TestTokens.of(tokenService);
        mvc.perform(get("/t/acme/api/orders").with(tokens.bearer("acme", "alice", "orders:read")))
                .andExpect(status().isOk());
        mvc.perform(get("/t/globex/api/orders").with(tokens.bearer("acme", "alice", "orders:read")))
                .andExpect(status().isUnauthorized())
                .andExpect(content().json("{\"code\":\"invalid_token\"}"));
    }
}
