/**
 * Implementation details with no compatibility promise.
 */
@NullMarked
package dev.klink.tokens.internal;

import org.jspecify.annotations.NullMarked;
