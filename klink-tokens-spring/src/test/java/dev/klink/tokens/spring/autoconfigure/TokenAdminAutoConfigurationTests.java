package dev.klink.tokens.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.spring.TokenAdminController;
import dev.klink.tokens.spring.TokenAdmins;
import java.security.Principal;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.SecurityFilterChain;

/** The tenant admin endpoints come with management; who is an administrator is a property or a bean. */
class TokenAdminAutoConfigurationTests {

    private static final String[] MANAGEMENT = { "klink.tokens.management.enabled=true",
        "klink.tokens.management.tenant=acme", "klink.tokens.abilities[0].name=orders:read",
        "klink.tokens.abilities[0].description=Read orders" };

    private final WebApplicationContextRunner webRunner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KlinkTokensAutoConfiguration.class,
                    KlinkTokensFilterAutoConfiguration.class, KlinkTokensWebMvcAutoConfiguration.class,
                    KlinkTokensSecurityAutoConfiguration.class, KlinkTokensManagementAutoConfiguration.class))
            .withClassLoader(new FilteredClassLoader(SecurityFilterChain.class));

    private static MockHttpServletRequest signedIn(String... authorities) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        Principal user = UsernamePasswordAuthenticationToken.authenticated("ada", null,
                AuthorityUtils.createAuthorityList(authorities));
        request.setUserPrincipal(user);
        return request;
    }

    @Test
    void managementWhenEnabledThenAdminControllerAndRoleTokensAdminByDefault() {
        webRunner.withPropertyValues(MANAGEMENT).run(context -> {
            assertThat(context).hasSingleBean(TokenAdminController.class);
            TokenAdmins admins = context.getBean(TokenAdmins.class);
            assertThat(admins.isAdmin(signedIn("ROLE_USER", "ROLE_TOKENS_ADMIN"))).isTrue();
            assertThat(admins.isAdmin(signedIn("ROLE_USER", "TOKENS_ADMIN"))).isFalse();
            assertThat(admins.isAdmin(new MockHttpServletRequest())).isFalse();
        });
    }

    @Test
    void managementWhenAdminAuthoritySetThenExactlyThatAuthority() {
        webRunner.withPropertyValues(MANAGEMENT)
                .withPropertyValues("klink.tokens.management.admin-authority=tokens:admin")
                .run(context -> {
                    TokenAdmins admins = context.getBean(TokenAdmins.class);
                    assertThat(admins.isAdmin(signedIn("tokens:admin"))).isTrue();
                    assertThat(admins.isAdmin(signedIn("ROLE_TOKENS_ADMIN"))).isFalse();
                });
    }

    @Test
    void managementWhenAdminAuthorityBlankThenStartFailsNamingTheProperty() {
        webRunner.withPropertyValues(MANAGEMENT).withPropertyValues("klink.tokens.management.admin-authority= ")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("klink.tokens.management.admin-authority"));
    }

    @Test
    void managementWhenApplicationDeclaresTokenAdminsThenItDecides() {
        TokenAdmins nobody = request -> false;
        webRunner.withPropertyValues(MANAGEMENT).withBean(TokenAdmins.class, () -> nobody)
                .run(context -> assertThat(context.getBean(TokenAdmins.class)).isSameAs(nobody));
    }

    @Test
    void managementWhenNotEnabledThenNoAdminController() {
        webRunner.run(context -> assertThat(context).doesNotHaveBean(TokenAdminController.class));
    }

    @Test
    void adminsWithoutSpringSecurityPrincipalThenTheContainersRoles() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setUserPrincipal(() -> "ada");
        request.addUserRole("ROLE_TOKENS_ADMIN");

        assertThat(TokenAdmins.authority("ROLE_TOKENS_ADMIN").isAdmin(request)).isTrue();
        assertThat(TokenAdmins.authority("tokens:admin").isAdmin(request)).isFalse();
    }
}
