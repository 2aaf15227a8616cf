/**
 * A {@link dev.klink.tokens.spi.TokenStore} over JDBI for H2, PostgreSQL and MySQL/MariaDB:
 * {@link dev.klink.tokens.jdbi.JdbiTokenStore}, its schema scripts ({@code db/klink/<dialect>/V1__klink_tokens.sql})
 * and a built-in migration.
 */
@NullMarked
package dev.klink.tokens.jdbi;

import org.jspecify.annotations.NullMarked;
