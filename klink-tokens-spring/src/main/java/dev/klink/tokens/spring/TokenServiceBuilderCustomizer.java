package dev.klink.tokens.spring;

import dev.klink.tokens.TokenService;

/**
 * Adjusts the {@link TokenService.Builder} before the auto-configured {@link TokenService} is built, after the
 * properties have been applied. Declare beans of this type; they run in {@link org.springframework.core.Ordered}
 * order.
 */
@FunctionalInterface
public interface TokenServiceBuilderCustomizer {

    void customize(TokenService.Builder builder);
}
