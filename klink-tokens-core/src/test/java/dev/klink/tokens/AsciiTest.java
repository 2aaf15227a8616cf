package dev.klink.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The reusable byte buffer: grows only when a longer input comes, then at least doubles. */
class AsciiTest {

    @Test
    void fillWhenInputFitsTheInitialBufferThenTheBufferIsKept() {
        Ascii.Buffer buffer = new Ascii.Buffer();

        byte[] bytes = buffer.fill("x".repeat(128));

        assertThat(bytes).hasSize(128);
        assertThat(buffer.fill("ab")).isSameAs(bytes);
    }

    @Test
    void fillWhenInputIsLongerThenTheBufferAtLeastDoubles() {
        Ascii.Buffer buffer = new Ascii.Buffer();

        assertThat(buffer.fill("x".repeat(129))).hasSize(256);
        assertThat(buffer.fill("x".repeat(600))).hasSize(600);
    }

    @Test
    void fillWhenNotAStringThenCopiesTheLowByteOfEachCharacter() {
        byte[] bytes = new Ascii.Buffer().fill(new StringBuilder("A\u0142"));

        assertThat(bytes[0]).isEqualTo((byte) 'A');
        assertThat(bytes[1]).isEqualTo((byte) 0x42);
    }
}
