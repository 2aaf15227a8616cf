package dev.klink.tokens.spring.test;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.test.context.support.WithSecurityContextFactory;

/** Makes the security context of {@link WithTokenPrincipal}, with the application's catalog when it has one. */
public final class WithTokenPrincipalSecurityContextFactory
        implements WithSecurityContextFactory<WithTokenPrincipal>, BeanFactoryAware {

    private @Nullable BeanFactory beans;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beans = beanFactory;
    }

    @Override
    public SecurityContext createSecurityContext(WithTokenPrincipal token) {
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(TestPrincipals.authentication(token.tenant(), token.owner(),
                List.of(token.abilities()), token.tokenId(), token.tokenName(), TestPrincipals.catalogOf(beans)));
        return context;
    }
}
