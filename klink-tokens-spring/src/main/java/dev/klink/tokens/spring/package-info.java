/**
 * Spring Boot auto-configuration for klink-tokens: properties under {@code klink.tokens}, the {@code TokenService}
 * and its store, the servlet filter, {@link dev.klink.tokens.spring.RequiresAbilities}, management REST endpoints,
 * health and metrics.
 */
@NullMarked
package dev.klink.tokens.spring;

import org.jspecify.annotations.NullMarked;
