package dev.klink.tokens.page;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A page of a listing ordered newest first, by position rather than by number: the {@code size} rows that follow
 * {@code after} (the first {@code size} rows when {@code after} is {@code null}). Reading the next page costs the
 * same however deep it lies, and rows inserted meanwhile never shift the pages. {@code size} is from 1 to
 * {@value PageRequest#MAX_SIZE}.
 */
public record KeysetRequest(@Nullable KeysetCursor after, int size) {

    public KeysetRequest {
        if (size < 1 || size > PageRequest.MAX_SIZE) {
            throw new IllegalArgumentException("size must be between 1 and " + PageRequest.MAX_SIZE + ", was "
                    + size);
        }
    }

    /** The first {@code size} rows. */
    public static KeysetRequest first(int size) {
        return new KeysetRequest(null, size);
    }

    /** The {@code size} rows after {@code cursor}; the first ones when it is {@code null}. */
    public static KeysetRequest after(@Nullable KeysetCursor cursor, int size) {
        return new KeysetRequest(cursor, size);
    }

    /** Whether a row with this creation time and id belongs after the cursor (every row does without one). */
    public boolean admits(Instant createdAt, String id) {
        return after == null || after.precedes(createdAt, id);
    }
}
