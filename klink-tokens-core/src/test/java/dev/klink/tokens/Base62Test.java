package dev.klink.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Base62 padding read back: digits that match but leave a remainder do not spell the value. */
class Base62Test {

    @Test
    void matchesPaddedWhenValueNeedsMoreDigitsThanTheWidthThenFalse() {
        // 62 * 62 is "100" in base62: its last two digits are "00", but the leading 1 does not fit
        assertThat(Base62.matchesPadded("00", 0, 2, 62 * 62)).isFalse();
        assertThat(Base62.matchesPadded("100", 0, 3, 62 * 62)).isTrue();
    }

    @Test
    void appendPaddedWhenValueFitsThenLeftPaddedWithZeros() {
        StringBuilder out = new StringBuilder("x");

        Base62.appendPadded(out, 61, 3);

        assertThat(out).hasToString("x00z");
    }

    @Test
    void matchesPaddedWhenWrittenByAppendPaddedThenTrueAndWithAnyOneCharacterChangedThenFalse() {
        SplittableRandom random = new SplittableRandom(42);
        for (int n = 0; n < 10_000; n++) {
            long value = random.nextLong(1L << 32); // every CRC-32
            StringBuilder written = new StringBuilder();
            Base62.appendPadded(written, value, 6);
            assertThat(Base62.matchesPadded(written, 0, 6, value)).as("%d as %s", value, written).isTrue();

            int at = random.nextInt(6);
            char original = written.charAt(at);
            char other = (char) random.nextInt(0x10000);
            if (other != original) {
                written.setCharAt(at, other);
                assertThat(Base62.matchesPadded(written, 0, 6, value)).as("%d with U+%04X at %d", value,
                        (int) other, at).isFalse();
            }
        }
    }

    @Test
    void matchesPaddedWhenACharacterHasTheLowBitsOfADigitButHigherBitsSetThenFalse() {
        // U+0130 and U+0230 end in the bits of '0'; U+017A and U+FF7A in those of 'z'
        assertThat(Base62.matchesPadded("000\u013000", 0, 6, 0)).isFalse();
        assertThat(Base62.matchesPadded("\u0230", 0, 1, 0)).isFalse();
        assertThat(Base62.matchesPadded("\u017a", 0, 1, 61)).isFalse();
        assertThat(Base62.matchesPadded("\uff7a", 0, 1, 61)).isFalse();
        assertThat(Base62.matchesPadded("z", 0, 1, 61)).isTrue();
    }
}
