package dev.klink.tokens;

import java.util.Random;

/**
 * The base62 alphabet of token format v1 ({@code 0-9 A-Z a-z}, digit values 0..61) and unbiased random strings
 * drawn from it.
 */
final class Base62 {

    static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private Base62() {
    }

    /** Bit {@code c} set for each alphabet character {@code c} below 64 ({@code 0-9}). */
    private static final long DIGITS_LOW = mask(0);
    /** Bit {@code c - 64} set for each alphabet character {@code c} from 64 to 127 ({@code A-Z a-z}). */
    private static final long DIGITS_HIGH = mask(64);

    private static long mask(int from) {
        long mask = 0;
        for (char c : ALPHABET) {
            if (c >= from && c < from + 64) {
                mask |= 1L << (c - from);
            }
        }
        return mask;
    }

    /** Whether {@code c} is one of the 62 alphabet characters (ASCII only: homoglyphs are rejected). */
    static boolean isDigit(char c) {
        // a branch-free bit test rather than three ranges: in random base62 text, which range matches is
        // unpredictable for the CPU. c >>> 6 picks the mask (0 or 1 below 128); a shift uses only c's low 6 bits.
        long mask = DIGITS_LOW ^ ((DIGITS_LOW ^ DIGITS_HIGH) & -(long) (c >>> 6));
        return c < 128 && ((mask >>> c) & 1) != 0;
    }

    /** Whether every character of {@code s} in {@code [from, to)} is a base62 digit. */
    static boolean allDigits(CharSequence s, int from, int to) {
        if (s instanceof String string) {
            return allDigits(string, from, to);
        }
        for (int i = from; i < to; i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** 0 for an alphabet character, 1 for any other below 128. */
    private static final byte[] NOT_DIGIT = notDigits();

    private static byte[] notDigits() {
        byte[] table = new byte[128];
        java.util.Arrays.fill(table, (byte) 1);
        for (char c : ALPHABET) {
            table[c] = 0;
        }
        return table;
    }

    /**
     * The check of a token on every verification: one table lookup a character and no branch until the end, since
     * what reaches it passed the checksum and is nearly always well formed. A character from 128 up sets a bit of
     * {@code c >>> 7} and is looked up as its low 7 bits, so it fails whatever the table says.
     */
    private static boolean allDigits(String s, int from, int to) {
        int bad = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            bad |= (c >>> 7) | NOT_DIGIT[c & 0x7f];
        }
        return bad == 0;
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

    /** The digit value of each character below 128; -1 for a character outside the alphabet. */
    private static final byte[] DIGIT_VALUE = digitValues();

    private static byte[] digitValues() {
        byte[] table = new byte[128];
        java.util.Arrays.fill(table, (byte) -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            table[ALPHABET[i]] = (byte) i;
        }
        return table;
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
            char c = s.charAt(i);
            int digit = DIGIT_VALUE[c & 0x7f];
            bad |= (c >>> 7) | (digit >>> 31); // a character from 128 up, or one outside the alphabet
            read = read * 62 + digit;
        }
        return bad == 0 && read == value;
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
