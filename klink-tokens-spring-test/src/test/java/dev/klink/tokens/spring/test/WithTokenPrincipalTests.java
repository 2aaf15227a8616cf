package dev.klink.tokens.spring.test;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/** {@code @WithTokenPrincipal} puts a token principal with its {@code SCOPE_} authorities in the security context. */
@SpringBootTest(classes = OrdersApp.class)
class WithTokenPrincipalTests {

    @Autowired
    WebApplicationContext context;

    private MockMvc mvc;

    @BeforeEach
    void mvc() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
    }

    @Test
    @WithTokenPrincipal(tenant = "acme", owner = "alice", abilities = "orders:read")
    void withTokenPrincipalWhenAbilityHeldThenPrincipalInjected() throws Exception {
        mvc.perform(get("/api/orders"))
                .andExpect(status().isOk())
                .andExpect(content().string("orders of acme/alice via test token"));
    }

    @Test
    @WithTokenPrincipal(tenant = "acme", owner = "alice", abilities = "orders:write", tokenName = "CI deploy")
    void withTokenPrincipalWhenImpliedAbilityThenAuthorityToo() throws Exception {
        mvc.perform(get("/api/orders"))
                .andExpect(status().isOk())
                .andExpect(content().string("orders of acme/alice via CI deploy"));
    }

    @Test
    @WithTokenPrincipal(tenant = "acme", owner = "alice")
    void withTokenPrincipalWhenAbilityMissingThen403() throws Exception {
        mvc.perform(get("/api/orders")).andExpect(status().isForbidden());
    }

    @Test
    @WithTokenPrincipal(tenant = "acme", owner = "bob", abilities = "orders:write")
    void withTokenPrincipalWhenMethodSecurityThenOwnerResolvedFromToken() throws Exception {
        mvc.perform(post("/api/orders").with(csrf()))
                .andExpect(status().isOk())
                .andExpect(content().string("placed for acme/bob"));
    }

    @Test
    @WithTokenPrincipal(abilities = "orders:write")
    void requiresAbilitiesWhenWithTokenPrincipalHoldsAbilityThenPasses() throws Exception {
        mvc.perform(get("/api/reports")).andExpect(status().isOk()).andExpect(content().string("reports"));
    }

    @Test
    @WithTokenPrincipal(abilities = "orders:read")
    void requiresAbilitiesWhenWithTokenPrincipalLacksAbilityThen403InsufficientScope() throws Exception {
        mvc.perform(get("/api/reports"))
                .andExpect(status().isForbidden())
                .andExpect(content().json("{\"code\":\"insufficient_scope\"}"));
    }
}
