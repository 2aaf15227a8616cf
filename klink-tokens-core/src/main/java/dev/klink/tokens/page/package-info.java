/**
 * Paging values shared by the API ({@link dev.klink.tokens.TokenService}'s listings) and the SPI
 * ({@link dev.klink.tokens.spi.TokenStore}), so that neither package depends on the other for them.
 */
@NullMarked
package dev.klink.tokens.page;

import org.jspecify.annotations.NullMarked;
