package dev.klink.tokens.page;

/**
 * A page of a listing: {@code page} counts from 0, {@code size} from 1 to 1000. Listings are ordered newest first
 * (creation time, then id, both descending).
 */
public record PageRequest(int page, int size) {

    public static final int MAX_SIZE = 1000;

    public PageRequest {
        if (page < 0) {
            throw new IllegalArgumentException("page must not be negative, was " + page);
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("size must be between 1 and " + MAX_SIZE + ", was " + size);
        }
    }

    public static PageRequest of(int page, int size) {
        return new PageRequest(page, size);
    }

    public static PageRequest first(int size) {
        return new PageRequest(0, size);
    }

    /** Rows to skip. */
    public long offset() {
        return (long) page * size;
    }
}
