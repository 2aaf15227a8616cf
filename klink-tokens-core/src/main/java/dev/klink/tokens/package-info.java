/**
 * Personal access tokens: issue, verify, list, revoke and rotate them through {@link dev.klink.tokens.TokenService}.
 */
@NullMarked
package dev.klink.tokens;

import org.jspecify.annotations.NullMarked;
