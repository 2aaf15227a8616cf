package dev.klink.tokens.internal;

/**
 * The token checksum: CRC-32 (ISO-HDLC, the {@link java.util.zip.CRC32} and zlib polynomial) of ASCII characters.
 * Computed from the characters with a table rather than through {@code java.util.zip.CRC32}, which needs the bytes
 * copied into a buffer: on the rejection path of a garbage token the per-thread buffer lookup cost more than the
 * whole checksum. Tested against {@code java.util.zip.CRC32} on random input.
 */
public final class Checksums {

    /** The reflected CRC-32 table of polynomial 0xEDB88320. */
    private static final int[] TABLE = table();

    private Checksums() {
    }

    /** CRC-32 of the low 8 bits of the first {@code length} characters of {@code s}. */
    public static long crc32(CharSequence s, int length) {
        int crc = 0xFFFFFFFF;
        for (int i = 0; i < length; i++) {
            crc = TABLE[(crc ^ s.charAt(i)) & 0xFF] ^ (crc >>> 8);
        }
        return ~crc & 0xFFFFFFFFL;
    }

    private static int[] table() {
        int[] table = new int[256];
        for (int n = 0; n < 256; n++) {
            int c = n;
            for (int bit = 0; bit < 8; bit++) {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
            }
            table[n] = c;
        }
        return table;
    }
}
