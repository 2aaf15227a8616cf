/**
 * Test support for applications using klink-tokens with Spring Security, in the manner of
 * {@code spring-security-test}'s {@code jwt()} and {@code opaqueToken()}:
 * {@link dev.klink.tokens.spring.test.KlinkTokenRequestPostProcessors#klinkToken()} for MockMvc requests,
 * {@link dev.klink.tokens.spring.test.WithTokenPrincipal} for test methods, and
 * {@link dev.klink.tokens.spring.test.TestTokens} for real tokens in end-to-end tests.
 */
@NullMarked
package dev.klink.tokens.spring.test;

import org.jspecify.annotations.NullMarked;
