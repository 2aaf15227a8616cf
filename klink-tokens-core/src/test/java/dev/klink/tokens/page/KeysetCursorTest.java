package dev.klink.tokens.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** A cursor reads back exactly what it wrote, and nothing else. */
class KeysetCursorTest {

    private static final KeysetCursor CURSOR = KeysetCursor.of(Instant.parse("2026-03-14T09:26:53.589793Z"),
            "AbCdEfGh01234567");

    @Test
    void decodeWhenEncodedThenSamePositionAndUrlSafeText() {
        String text = CURSOR.encode();

        assertThat(text).matches("[A-Za-z0-9_-]+");
        assertThat(KeysetCursor.decode(text)).isEqualTo(CURSOR);
    }

    @Test
    void decodeWhenBeforeTheEpochOrAtNanosecondsThenSamePosition() {
        KeysetCursor early = KeysetCursor.of(Instant.parse("1969-12-31T23:59:59.999999999Z"), "z");

        assertThat(KeysetCursor.decode(early.encode())).isEqualTo(early);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "!!!", "a b", "azE", "%41", "k1", "=", "AAAA====" })
    void decodeWhenNotBase64urlOrNotACursorThenIllegalArgumentWithoutTheText(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> KeysetCursor.decode(text))
                .withMessage("cursor is malformed: pass back the nextCursor of the previous page unchanged");
    }

    @ParameterizedTest
    @ValueSource(strings = { "k1.1.2", "k2.1.2.abc", "k1.x.2.abc", "k1.1.1000000000.abc", "k1.01.2.abc",
        "k1.99999999999999999.0.abc", "k1.1.2.a\u0000b", "k1.1.2." })
    void decodeWhenTamperedThenIllegalArgument(String plain) {
        String text = Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));

        assertThatIllegalArgumentException().isThrownBy(() -> KeysetCursor.decode(text))
                .withMessageStartingWith("cursor is malformed");
    }

    @Test
    void decodeWhenOneCharacterChangedThenRefusedOrAnotherValidPosition() {
        String text = CURSOR.encode();
        for (int i = 0; i < text.length(); i++) {
            String changed = text.substring(0, i) + (text.charAt(i) == 'A' ? 'B' : 'A') + text.substring(i + 1);
            try {
                assertThat(KeysetCursor.decode(changed).encode()).isEqualTo(changed);
            } catch (IllegalArgumentException e) {
                assertThat(e).hasMessageStartingWith("cursor is malformed");
            }
        }
    }

    @Test
    void decodeWhenLongerThanAnyCursorThenRefusedBeforeDecoding() {
        assertThatIllegalArgumentException().isThrownBy(() -> KeysetCursor.decode("A".repeat(401)))
                .withMessageStartingWith("cursor is malformed");
    }

    @Test
    void precedesOrdersNewestFirstThenIdDescending() {
        Instant at = CURSOR.createdAt();

        assertThat(CURSOR.precedes(at.minusNanos(1), "zzz")).isTrue();
        assertThat(CURSOR.precedes(at, "AbCdEfGh01234566")).isTrue();
        assertThat(CURSOR.precedes(at, CURSOR.id())).isFalse();
        assertThat(CURSOR.precedes(at, "bbb")).isFalse();
        assertThat(CURSOR.precedes(at.plusNanos(1), "000")).isFalse();
    }

    @Test
    void keysetRequestWhenSizeOutOfRangeThenIllegalArgumentNamingSize() {
        assertThatIllegalArgumentException().isThrownBy(() -> KeysetRequest.first(0))
                .withMessage("size must be between 1 and 1000, was 0");
        assertThatIllegalArgumentException().isThrownBy(() -> KeysetRequest.after(CURSOR, 1001))
                .withMessage("size must be between 1 and 1000, was 1001");
    }
}
