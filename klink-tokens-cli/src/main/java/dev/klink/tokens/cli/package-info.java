/**
 * The operator's command line for the token database, {@code klink-tokens}: migrate, issue, list, show, revoke,
 * rotate, prune, expiring, inspect and keygen. {@link dev.klink.tokens.cli.KlinkTokensCli} is the entry point; every
 * other type is package-private.
 */
@NullMarked
package dev.klink.tokens.cli;

import org.jspecify.annotations.NullMarked;
