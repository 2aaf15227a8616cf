/**
 * Extension points: where tokens are stored ({@link dev.klink.tokens.spi.TokenStore}) and what an owner may grant.
 */
@NullMarked
package dev.klink.tokens.spi;

import org.jspecify.annotations.NullMarked;
