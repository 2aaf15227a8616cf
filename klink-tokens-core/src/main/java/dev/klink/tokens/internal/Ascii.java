package dev.klink.tokens.internal;

/** Tokens are ASCII by construction: one byte a character, no charset lookup. */
final class Ascii {

    private Ascii() {
    }

    static byte[] bytes(String s) {
        int length = s.length();
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = (byte) s.charAt(i);
        }
        return out;
    }
}
