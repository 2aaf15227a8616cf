/**
 * A verification cache in front of any {@link dev.klink.tokens.spi.TokenStore}:
 * {@link dev.klink.tokens.caffeine.CachingTokenStore}, on Caffeine. Kept out of core so that core stays free of
 * dependencies beyond the JDK and slf4j.
 */
@NullMarked
package dev.klink.tokens.caffeine;

import org.jspecify.annotations.NullMarked;
