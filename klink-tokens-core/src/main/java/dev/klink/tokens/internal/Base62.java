package dev.klink.tokens.internal;

import java.util.Random;

/**
 * The base62 alphabet of token format v1 ({@code 0-9 A-Z a-z}, digit values 0..61) and unbiased random strings
 * drawn from it.
 */
public final class Base62 {

    static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private Base62() {
    }

    /** Whether {@code c} is one of the 62 alphabet characters (ASCII only: homoglyphs are rejected). */
    public static boolean isDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    /** Whether every character of {@code s} in {@code [from, to)} is a base62 digit. */
    public static boolean allDigits(CharSequence s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Writes the unsigned value as base62, left-padded with {@code '0'} to {@code width} characters. */
    public static void appendPadded(StringBuilder out, long value, int width) {
        char[] digits = new char[width];
        long rest = value;
        for (int i = width - 1; i >= 0; i--) {
            digits[i] = ALPHABET[(int) (rest % 62)];
            rest /= 62;
        }
        if (rest != 0) {
            throw new IllegalArgumentException("value " + value + " does not fit in " + width + " base62 digits");
        }
        out.append(digits);
    }

    /** Whether {@code s[from, from+width)} spells {@code value} in base62, left-padded with zeros. */
    public static boolean matchesPadded(CharSequence s, int from, int width, long value) {
        long rest = value;
        for (int i = from + width - 1; i >= from; i--) {
            if (s.charAt(i) != ALPHABET[(int) (rest % 62)]) {
                return false;
            }
            rest /= 62;
        }
        return rest == 0;
    }

    /**
     * A string of {@code length} base62 characters drawn uniformly: each random byte is masked to 6 bits and values
     * 62 and 63 are thrown away (rejection sampling), so no character is more likely than another.
     */
    public static String random(Random random, int length) {
        char[] out = new char[length];
        byte[] buffer = new byte[length + 8];
        int filled = 0;
        while (filled < length) {
            random.nextBytes(buffer);
            for (int i = 0; i < buffer.length && filled < length; i++) {
                int sixBits = buffer[i] & 0x3F;
                if (sixBits < 62) {
                    out[filled++] = ALPHABET[sixBits];
                }
            }
        }
        return new String(out);
    }
}
