/**
 * A {@link dev.klink.tokens.spi.TokenStore} over JDBI for H2, PostgreSQL and MySQL/MariaDB:
 * {@link dev.klink.tokens.jdbi.JdbiTokenStore}, its schema scripts ({@code db/klink/<dialect>/V1__klink_tokens.sql})
 * and {@link dev.klink.tokens.jdbi.JdbiTokenSchema}, a built-in migration that runs them.
 */
@NullMarked
package dev.klink.tokens.jdbi;

import org.jspecify.annotations.NullMarked;
