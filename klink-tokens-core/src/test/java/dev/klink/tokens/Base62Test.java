package dev.klink.tokens;

import static org.assertj.core.api.Assertions.assertThat;

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
}
