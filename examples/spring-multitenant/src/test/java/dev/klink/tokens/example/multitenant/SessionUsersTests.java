package dev.klink.tokens.example.multitenant;

import static dev.klink.tokens.spring.test.KlinkTokenRequestPostProcessors.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
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
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * The browser side end to end: a user signs in, reads their tenant's orders through session abilities (the same
 * {@code SCOPE_} rules as tokens), cannot see another tenant's, issues a real token through the management API and a
 * script uses it.
 */
@SpringBootTest
class SessionUsersTests {

    @Autowired
    WebApplicationContext context;

    MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
    }

    private MockHttpSession login(String user) throws Exception {
        MvcResult login = mvc.perform(formLogin().user(user).password(user)).andReturn();
        assertThat(login.getResponse().getStatus()).isEqualTo(302);
        return (MockHttpSession) login.getRequest().getSession(false);
    }

    @Test
    void sessionUserWhenOwnTenantThenSameRulesAsTokens() throws Exception {
        MockHttpSession alice = login("alice");
        mvc.perform(get("/t/acme/api/me").session(alice))
                .andExpect(status().isOk())
                .andExpect(content().json("{\"tenant\":\"acme\",\"owner\":\"alice\",\"token\":null}"));
        mvc.perform(post("/t/acme/api/orders").session(alice).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"customer\":\"Web\",\"totalCents\":100}"))
                .andExpect(status().isCreated())
                .andExpect(content().json("{\"tenant\":\"acme\",\"placedBy\":\"alice\"}"));
    }

    @Test
    void sessionUserWhenServedThenSessionKeepsTheAuthenticationWithoutAbilities() throws Exception {
        MockHttpSession alice = login("alice");
        mvc.perform(get("/t/acme/api/orders").session(alice)).andExpect(status().isOk());
        SecurityContext stored = (SecurityContext) alice.getAttribute(
                HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
        assertThat(stored.getAuthentication().getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .noneMatch(authority -> authority.startsWith("SCOPE_"));
    }

    @Test
    void sessionUserWhenOtherTenantThen404() throws Exception {
        MockHttpSession bob = login("bob");
        mvc.perform(get("/t/acme/api/orders").session(bob)).andExpect(status().isNotFound());
    }

    @Test
    void tokenIssuedBySessionUserWhenUsedByScriptThenActsInTheUsersTenant() throws Exception {
        MockHttpSession bob = login("bob");
        MvcResult issued = mvc.perform(post("/api/tokens").session(bob).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"nightly export\",\"abilities\":[\"orders:read\"]}"))
                .andExpect(status().isCreated())
                .andReturn();
        String token = JsonMapper.builder().build().readTree(issued.getResponse().getContentAsString())
                .get("token").asString();
        assertThat(token).startsWith("shop_pat_");
        mvc.perform(get("/t/globex/api/me").with(bearer(token)))
                .andExpect(status().isOk())
                .andExpect(content().json("{\"tenant\":\"globex\",\"owner\":\"bob\",\"token\":\"nightly export\"}"));
        mvc.perform(get("/t/acme/api/orders").with(bearer(token))).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/tokens").with(bearer(token)))
                .andExpect(status().isForbidden())
                .andExpect(content().json("{\"code\":\"login_required\"}"));
    }
}
