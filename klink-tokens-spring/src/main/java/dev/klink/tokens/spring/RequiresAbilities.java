package dev.klink.tokens.spring;

import dev.klink.tokens.AbilityCheck;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The abilities a Spring MVC handler needs from the request's token, for applications without Spring Security (with
 * it, use {@code @PreAuthorize("hasAuthority('SCOPE_orders:read')")}). On a controller class it applies to every
 * handler method; on a method it replaces the class's.
 *
 * <pre>{@code
 * @GetMapping("/api/orders")
 * @RequiresAbilities("orders:read")
 * List<Order> orders() { ... }
 *
 * @DeleteMapping("/api/orders/{id}")
 * @RequiresAbilities(value = {"orders:write", "admin"}, mode = AbilityCheck.Mode.ANY)
 * void cancel(@PathVariable String id) { ... }
 * }</pre>
 *
 * A request without a verified token is answered 401 {@code missing_token}; a token without the abilities 403
 * {@code insufficient_scope} with the abilities as {@code scope}: the servlet filter's responses. With Spring
 * Security, a session user with {@code klink.tokens.security.session-abilities} is checked against those abilities
 * instead (403 {@code insufficient_scope} when they fall short).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
public @interface RequiresAbilities {

    /** The abilities. */
    String[] value();

    /** Whether the token needs all of them (the default) or any one. */
    AbilityCheck.Mode mode() default AbilityCheck.Mode.ALL;
}
