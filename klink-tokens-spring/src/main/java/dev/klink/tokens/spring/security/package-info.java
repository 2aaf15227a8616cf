/**
 * Spring Security 7 integration: a bearer token becomes a {@link dev.klink.tokens.spring.security.TokenAuthentication}
 * with {@code SCOPE_<ability>} authorities; add it to a filter chain with
 * {@code http.with(KlinkTokensConfigurer.klinkTokens())}.
 */
@NullMarked
package dev.klink.tokens.spring.security;

import org.jspecify.annotations.NullMarked;
