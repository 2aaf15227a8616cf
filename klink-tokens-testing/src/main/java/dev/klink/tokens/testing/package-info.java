/**
 * Test support: the {@link dev.klink.tokens.testing.TokenStoreContract} every store must pass, and a
 * {@link dev.klink.tokens.testing.MutableClock}, and {@link dev.klink.tokens.testing.TokenServiceRaces} for a store's
 * concurrency tests.
 */
@NullMarked
package dev.klink.tokens.testing;

import org.jspecify.annotations.NullMarked;
