package dev.klink.tokens.spring.test;

import dev.klink.tokens.servlet.TokenRequests;
import dev.klink.tokens.spring.security.TokenAuthentication;
import java.util.List;
import java.util.Objects;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.context.support.WebApplicationContextUtils;

/**
 * A MockMvc request authenticated as if by a valid token with the given tenant, owner and abilities, made by
 * {@link KlinkTokenRequestPostProcessors#klinkToken()}. The request is what a verified token makes it: a
 * {@link TokenAuthentication} with {@code SCOPE_<ability>} authorities (implied abilities included, as the
 * application's catalog says) in the security context, and the token principal as
 * {@link TokenRequests#PRINCIPAL_ATTRIBUTE}, so that CSRF protection is skipped, {@code @RequiresAbilities} and
 * {@code TokenRequests} see the token, and a denied request gets 403 {@code insufficient_scope}. Abilities the
 * application's catalog does not declare are refused, as at issue.
 */
public final class KlinkTokenRequestPostProcessor implements RequestPostProcessor {

    private String tenantId = "default";
    private String ownerId = "user";
    private List<String> abilities = List.of();
    private String tokenId = "TestToken0000000";
    private String tokenName = "test token";

    KlinkTokenRequestPostProcessor() {
    }

    /** The token's tenant; {@code default} unless set. */
    public KlinkTokenRequestPostProcessor tenant(String tenantId) {
        this.tenantId = Objects.requireNonNull(tenantId, "tenantId");
        return this;
    }

    /** The token's owner; {@code user} unless set. */
    public KlinkTokenRequestPostProcessor owner(String ownerId) {
        this.ownerId = Objects.requireNonNull(ownerId, "ownerId");
        return this;
    }

    /** The abilities the token was issued with; none unless set. */
    public KlinkTokenRequestPostProcessor abilities(String... abilities) {
        this.abilities = List.of(abilities);
        return this;
    }

    /** The token's id; {@code TestToken0000000} unless set. */
    public KlinkTokenRequestPostProcessor tokenId(String tokenId) {
        this.tokenId = Objects.requireNonNull(tokenId, "tokenId");
        return this;
    }

    /** The token's name; {@code test token} unless set. */
    public KlinkTokenRequestPostProcessor tokenName(String tokenName) {
        this.tokenName = Objects.requireNonNull(tokenName, "tokenName");
        return this;
    }

    @Override
    public MockHttpServletRequest postProcessRequest(MockHttpServletRequest request) {
        WebApplicationContext context = WebApplicationContextUtils.getWebApplicationContext(
                request.getServletContext());
        TokenAuthentication authentication = TestPrincipals.authentication(tenantId, ownerId, abilities, tokenId,
                tokenName, TestPrincipals.catalogOf(context));
        request.setAttribute(TokenRequests.PRINCIPAL_ATTRIBUTE, authentication.getPrincipal());
        return SecurityMockMvcRequestPostProcessors.authentication(authentication).postProcessRequest(request);
    }
}
