package dev.klink.tokens;

import java.util.Arrays;
import java.util.Random;

/**
 * The base62 alphabet of token format v1 ({@code 0-9 A-Z a-z}, digit values 0..61) and unbiased random strings
 * drawn from it.
 */
final class Base62 {

    static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private Base62() {
    }

    /** The digit value of each character below 128; -1 for a character outside the alphabet. */
    private static final byte[] DIGIT_VALUE = digitValues();

    private static byte[] digitValues() {
        byte[] table = new byte[128];
        Arrays.fill(table, (byte) -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            table[ALPHABET[i]] = (byte) i;
        }
        return table;
    }

    /**
     * {@code c}'s digit value, or a negative number when {@code c} is not one of the 62 alphabet characters (ASCII
     * only: homoglyphs are rejected). No branch: a character from 128 up is looked up as its low 7 bits, and
     * {@code c >>> 7} then sets the sign bit of the result whatever the table says.
     */
    private static int digitValue(char c) {
        return DIGIT_VALUE[c & 0x7f] | -(c >>> 7);
    }

    /**
     * Whether every character of {@code s} in {@code [from, to)} is a base62 digit: the check of a token on every
     * verification, one table lookup a character and no branch until the end, since what reaches it passed the
     * checksum and is nearly always well formed.
     */
    static boolean allDigits(CharSequence s, int from, int to) {
        if (s instanceof String string) {
            return allDigits(string, from, to); // String.charAt, which the JIT inlines, rather than an interface call
        }
        int bad = 0;
        for (int i = from; i < to; i++) {
            bad |= digitValue(s.charAt(i));
        }
        return bad >= 0;
    }

    private static boolean allDigits(String s, int from, int to) {
        int bad = 0;
        for (int i = from; i < to; i++) {
            bad |= digitValue(s.charAt(i));
        }
        return bad >= 0;
    }

    /** Writes the unsigned value as base62, left-padded with {@code '0'} to {@code width} characters. */
    static void appendPadded(StringBuilder out, long value, int width) {
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

    /**
     * Whether {@code s[from, from+width)} spells {@code value} in base62, left-padded with zeros ({@code width} at
     * most 10, so that the digits fit in a {@code long}). The digits are read as a number and compared once:
     * multiplications rather than the divisions that writing the value would take.
     */
    static boolean matchesPadded(CharSequence s, int from, int width, long value) {
        long read = 0;
        int bad = 0;
        for (int i = from; i < from + width; i++) {
            int digit = digitValue(s.charAt(i));
            bad |= digit;
            read = read * 62 + digit;
        }
        return bad >= 0 && read == value;
    }

    /**
     * A string of {@code length} base62 characters drawn uniformly: each random byte is masked to 6 bits and values
     * 62 and 63 are thrown away (rejection sampling), so no character is more likely than another.
     */
    static String random(Random random, int length) {
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
