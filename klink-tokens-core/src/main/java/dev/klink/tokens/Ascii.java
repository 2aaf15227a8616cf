package dev.klink.tokens;

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
        byte[] fill(CharSequence s) {
            return fill(s, s.length());
        }

        /** Writes the first {@code length} characters of {@code s} into the buffer. */
        @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): see below
        byte[] fill(CharSequence s, int length) {
            if (length > bytes.length) {
                bytes = new byte[Math.max(length, bytes.length * 2)];
            }
            if (s instanceof String string) {
                // keeps the low 8 bits of each char, as the loop does, but copies a Latin-1 string's bytes at once:
                // the loop cost more than the HMAC it feeds
                string.getBytes(0, length, bytes, 0);
            } else {
                for (int i = 0; i < length; i++) {
                    bytes[i] = (byte) s.charAt(i);
                }
            }
            return bytes;
        }
    }
}
