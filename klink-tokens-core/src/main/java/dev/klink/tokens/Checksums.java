package dev.klink.tokens;

import java.util.zip.CRC32;

/**
 * The token checksum: {@link CRC32} over the low 8 bits of each character (a token's characters are ASCII), with
 * per-thread buffers so that parsing allocates nothing.
 */
final class Checksums {

    private static final ThreadLocal<Worker> WORKER = ThreadLocal.withInitial(Worker::new);

    private Checksums() {
    }

    /**
     * CRC-32 of the low 8 bits of the first {@code length} characters of {@code s}. Parsing runs it before checking the
     * alphabet, so it must accept any character; a non-ASCII one is rejected by the alphabet check afterwards.
     */
    static long crc32(CharSequence s, int length) {
        return WORKER.get().crc32(s, length);
    }

    private static final class Worker {

        private final CRC32 crc = new CRC32();
        private final Ascii.Buffer input = new Ascii.Buffer();

        long crc32(CharSequence s, int length) {
            crc.reset();
            crc.update(input.fill(s, length), 0, length);
            return crc.getValue();
        }
    }
}
