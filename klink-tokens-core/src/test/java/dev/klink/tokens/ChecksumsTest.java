package dev.klink.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class ChecksumsTest {

    @Test
    void crc32WhenRandomAsciiThenEqualsJavaUtilZipCrc32() {
        Random random = new Random(20261127);
        for (int round = 0; round < 10_000; round++) {
            char[] chars = new char[random.nextInt(100)];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = (char) random.nextInt(128);
            }
            String text = new String(chars);
            CRC32 expected = new CRC32();
            expected.update(text.getBytes(StandardCharsets.US_ASCII));

            assertThat(Checksums.crc32(text, text.length())).as(text).isEqualTo(expected.getValue());
        }
    }

    @Test
    void crc32WhenLengthShorterThenOnlyThoseCharactersCount() {
        CRC32 expected = new CRC32();
        expected.update("klink_pat".getBytes(StandardCharsets.US_ASCII));

        assertThat(Checksums.crc32(new StringBuilder("klink_pat_rest"), 9)).isEqualTo(expected.getValue());
    }

    @Test
    void crc32WhenEmptyThenZero() {
        assertThat(Checksums.crc32("", 0)).isZero();
    }
}
