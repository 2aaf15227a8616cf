/**
 * Test support: the {@link dev.klink.tokens.testing.TokenStoreContract} every store must pass, and a
 * {@link dev.klink.tokens.testing.MutableClock}.
 */
@NullMarked
package dev.klink.tokens.testing;

import org.jspecify.annotations.NullMarked;
