package dev.klink.tokens.internal;

/** Tokens are ASCII by construction: one byte a character, no charset lookup. */
final class Ascii {

    private Ascii() {
    }

    /**
     * A reusable byte buffer for one thread, so that hashing a token on the verification path allocates nothing.
     * Not thread-safe.
     */
    static final class Buffer {

        private byte[] bytes = new byte[128];

        /** Writes {@code s} into the buffer, growing it if needed; the buffer's first {@code s.length()} bytes. */
        @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): see below
        byte[] fill(String s) {
            int length = s.length();
            if (length > bytes.length) {
                bytes = new byte[Math.max(length, bytes.length * 2)];
            }
            // keeps the low 8 bits of each char (tokens are ASCII) and copies a Latin-1 string's bytes at once:
            // a loop over the characters cost more than the HMAC it feeds
            s.getBytes(0, length, bytes, 0);
            return bytes;
        }
    }
}
