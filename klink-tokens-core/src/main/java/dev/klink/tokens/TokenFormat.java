package dev.klink.tokens;

import java.util.Objects;
import java.util.Random;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Token format v1, a wire contract:
 *
 * <pre>
 * token  = prefix "_" id "_" secret check
 * prefix = [a-z][a-z0-9_]{0,23}, not ending in "_"
 * id     = 16 base62 chars (public lookup key)
 * secret = 32 base62 chars (never stored)
 * check  = CRC-32 of the ASCII bytes of prefix "_" id "_" secret, base62, left-padded with "0" to 6 chars
 * </pre>
 *
 * Parsing reads from the right (id and secret contain no {@code _}) and rejects anything longer than the longest
 * possible token before looking at its characters, so a huge input costs nothing.
 */
public final class TokenFormat {

    /** The prefix used when none is configured. */
    public static final String DEFAULT_PREFIX = "klink_pat";
    public static final int ID_LENGTH = 16;
    public static final int SECRET_LENGTH = 32;
    public static final int CHECK_LENGTH = 6;
    public static final int MAX_PREFIX_LENGTH = 24;

    /** Characters after the prefix: {@code "_" id "_" secret check}. */
    private static final int SUFFIX_LENGTH = 1 + ID_LENGTH + 1 + SECRET_LENGTH + CHECK_LENGTH;
    /** The longest well-formed token. */
    public static final int MAX_LENGTH = MAX_PREFIX_LENGTH + SUFFIX_LENGTH;

    /** What secret scanners (GitHub, GitLab, trufflehog) should look for. */
    public static final Pattern SCANNER_PATTERN =
            Pattern.compile("\\b[a-z][a-z0-9_]{0,23}_[0-9A-Za-z]{16}_[0-9A-Za-z]{38}\\b");

    private TokenFormat() {
    }

    /**
     * Parses {@code candidate} as a v1 token: shape, alphabet and checksum. Returns {@code null} for anything else;
     * never throws.
     */
    public static @Nullable ParsedToken parse(@Nullable String candidate) {
        int prefixLength = prefixLength(candidate);
        return prefixLength < 0 ? null : new ParsedToken(Objects.requireNonNull(candidate), prefixLength);
    }

    /**
     * The length of the prefix of {@code candidate} when it is a v1 token (the same checks as {@link #parse}), else
     * {@code -1}: what verification needs, without a {@link ParsedToken} per request.
     */
    static int prefixLength(@Nullable String candidate) {
        if (candidate == null) {
            return -1;
        }
        int length = candidate.length();
        if (length < 1 + SUFFIX_LENGTH || length > MAX_LENGTH) {
            return -1;
        }
        int prefixLength = length - SUFFIX_LENGTH;
        int idStart = prefixLength + 1;
        int secretStart = idStart + ID_LENGTH + 1;
        if (candidate.charAt(prefixLength) != '_' || candidate.charAt(secretStart - 1) != '_') {
            return -1;
        }
        // the checksum before the alphabet: garbage almost always fails it, and then nothing more is read. It sees
        // only the low 8 bits of each character, so the alphabet checks after it still decide for what passes.
        long crc = Checksums.crc32(candidate, length - CHECK_LENGTH);
        if (!Base62.matchesPadded(candidate, length - CHECK_LENGTH, CHECK_LENGTH, crc)
                || !Base62.allDigits(candidate, idStart, secretStart - 1)
                || !Base62.allDigits(candidate, secretStart, length)
                || !isPrefix(candidate, 0, prefixLength)) {
            return -1;
        }
        return prefixLength;
    }

    /** The id of a token whose prefix is {@code prefixLength} characters long (see {@link #prefixLength}). */
    static String id(String token, int prefixLength) {
        return token.substring(prefixLength + 1, prefixLength + 1 + ID_LENGTH);
    }

    /** Whether {@code prefix} is a legal token prefix: {@code [a-z][a-z0-9_]{0,23}}, not ending in {@code _}. */
    public static boolean isValidPrefix(@Nullable String prefix) {
        return prefix != null && !prefix.isEmpty() && prefix.length() <= MAX_PREFIX_LENGTH
                && isPrefix(prefix, 0, prefix.length());
    }

    /** Builds the token for these parts, appending the checksum. */
    public static String format(String prefix, String id, String secret) {
        requireValidPrefix(prefix);
        if (id.length() != ID_LENGTH || !Base62.allDigits(id, 0, ID_LENGTH)) {
            throw new IllegalArgumentException("id must be " + ID_LENGTH + " base62 characters");
        }
        if (secret.length() != SECRET_LENGTH || !Base62.allDigits(secret, 0, SECRET_LENGTH)) {
            throw new IllegalArgumentException("secret must be " + SECRET_LENGTH + " base62 characters");
        }
        StringBuilder token = new StringBuilder(prefix.length() + SUFFIX_LENGTH);
        token.append(prefix).append('_').append(id).append('_').append(secret);
        Base62.appendPadded(token, Checksums.crc32(token, token.length()), CHECK_LENGTH);
        return token.toString();
    }

    /** A fresh random token id. */
    public static String randomId(Random random) {
        return Base62.random(random, ID_LENGTH);
    }

    /** A fresh random secret (about 190 bits of entropy when {@code random} is a {@code SecureRandom}). */
    public static String randomSecret(Random random) {
        return Base62.random(random, SECRET_LENGTH);
    }

    /** Whether {@code id} has the shape of a token id (16 base62 characters). */
    public static boolean isValidId(@Nullable String id) {
        return id != null && id.length() == ID_LENGTH && Base62.allDigits(id, 0, ID_LENGTH);
    }

    static String requireValidPrefix(String prefix) {
        if (!isValidPrefix(prefix)) {
            throw new IllegalArgumentException("prefix must match [a-z][a-z0-9_]{0,23} and not end in '_', was '"
                    + prefix + "'");
        }
        return prefix;
    }

    private static boolean isPrefix(CharSequence s, int from, int to) {
        if (to <= from || to - from > MAX_PREFIX_LENGTH) {
            return false;
        }
        char first = s.charAt(from);
        if (first < 'a' || first > 'z' || s.charAt(to - 1) == '_') {
            return false;
        }
        for (int i = from + 1; i < to; i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
                return false;
            }
        }
        return true;
    }

}
