package dev.klink.tokens.jdbi;

import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

/**
 * How a channel's announcement is written inside the transaction of a store's change: a row in the invalidation log
 * (polling) or a {@code pg_notify} (PostgreSQL, delivered at commit only).
 */
@FunctionalInterface
interface InvalidationWriter {

    /** Announces that {@code tokenId} changed, or with {@code null} that anything may have; on {@code handle}. */
    void write(Handle handle, @Nullable String tokenId);
}
