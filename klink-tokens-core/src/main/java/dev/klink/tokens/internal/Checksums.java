package dev.klink.tokens.internal;

import java.util.zip.CRC32;

/** The token checksum: {@link CRC32} over ASCII characters, with per-thread buffers so parsing allocates nothing. */
public final class Checksums {

    private static final ThreadLocal<Worker> WORKER = ThreadLocal.withInitial(Worker::new);

    private Checksums() {
    }

    /** CRC-32 of the first {@code length} characters of {@code s}, which the caller has checked are ASCII. */
    public static long crc32(CharSequence s, int length) {
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
