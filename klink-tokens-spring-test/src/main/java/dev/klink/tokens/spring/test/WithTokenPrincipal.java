package dev.klink.tokens.spring.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.core.annotation.AliasFor;
import org.springframework.security.test.context.support.TestExecutionEvent;
import org.springframework.security.test.context.support.WithSecurityContext;

/**
 * Runs a test method (or every method of a test class) with a token principal in the security context, as
 * {@code @WithMockUser} does for a user: a {@code TokenAuthentication} whose authorities are {@code SCOPE_<ability>},
 * implied abilities included as the application's catalog says. {@code hasAuthority('SCOPE_…')},
 * {@code @PreAuthorize}, {@code @AuthenticationPrincipal TokenPrincipal}, {@code @RequiresAbilities} and
 * {@code RequestOwners} see it. Unlike {@link KlinkTokenRequestPostProcessors#klinkToken()} it does not mark the
 * request as token-authenticated, so unsafe methods need a CSRF token and a refusal is the chain's plain 403.
 *
 * <pre>{@code
 * @Test
 * @WithTokenPrincipal(tenant = "acme", owner = "alice", abilities = "orders:read")
 * void ordersWhenTokenCanReadThenListed() throws Exception { ... }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.METHOD, ElementType.TYPE })
@WithSecurityContext(factory = WithTokenPrincipalSecurityContextFactory.class)
public @interface WithTokenPrincipal {

    /** The token's tenant. */
    String tenant() default "default";

    /** The token's owner. */
    String owner() default "user";

    /** The abilities the token was issued with; each must be declared in the application's catalog. */
    String[] abilities() default {};

    /** The token's id. */
    String tokenId() default "TestToken0000000";

    /** The token's name. */
    String tokenName() default "test token";

    /** When the security context is set up: before the test method by default, as for {@code @WithMockUser}. */
    @AliasFor(annotation = WithSecurityContext.class)
    TestExecutionEvent setupBefore() default TestExecutionEvent.TEST_METHOD;
}
