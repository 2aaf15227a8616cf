/**
 * The Spring side of klink-tokens that applications use: {@link dev.klink.tokens.spring.RequiresAbilities},
 * {@link dev.klink.tokens.spring.TokenOwnerResolver}, {@link dev.klink.tokens.spring.TokenServiceBuilderCustomizer},
 * the management REST endpoints, health and metrics. The auto-configurations that create these beans live in
 * {@link dev.klink.tokens.spring.autoconfigure}.
 */
@NullMarked
package dev.klink.tokens.spring;

import org.jspecify.annotations.NullMarked;
