package dev.klink.tokens;

import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A server-side key for the {@code hmac-sha256:<id>} hashing scheme. The id is recorded with every hash so that keys
 * can be rotated: old hashes keep verifying while their key is configured. {@link #toString()} never shows the key.
 */
public final class HmacKey {

    /** Shortest key accepted: 256 bits, the output size of HMAC-SHA256. */
    public static final int MIN_LENGTH_BYTES = 32;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,32}");

    private final String id;
    private final byte[] secret;

    /** What to do about a missing secret; the usual cause is an environment variable that is not set. */
    private static final String HOW_TO_SET = ": set it to at least " + MIN_LENGTH_BYTES + " random bytes, e.g. "
            + "HmacKey.fromBase64(id, System.getenv(\"KLINK_HMAC_KEY\")) with KLINK_HMAC_KEY set to the output of "
            + "openssl rand -base64 32 (or klink-tokens keygen)";

    private HmacKey(@Nullable String id, byte @Nullable [] secret) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("HMAC key id must match [A-Za-z0-9._-]{1,32}, was '" + id + "'");
        }
        if (secret == null || secret.length == 0) {
            throw new IllegalArgumentException("HMAC key '" + id + "' has " + (secret == null ? "no secret (null)"
                    : "an empty secret") + HOW_TO_SET);
        }
        if (secret.length < MIN_LENGTH_BYTES) {
            throw new IllegalArgumentException("HMAC key '" + id + "' must be at least " + MIN_LENGTH_BYTES
                    + " bytes, was " + secret.length);
        }
        this.id = id;
        this.secret = secret.clone();
    }

    /**
     * A key from raw bytes (at least 32).
     *
     * @throws IllegalArgumentException when the id is malformed, or the secret is {@code null}, empty or short: the
     *     message names the key id and says how to set the secret, never showing it
     */
    public static HmacKey of(String id, byte[] secret) {
        return new HmacKey(id, secret);
    }

    /**
     * A key from its standard base64 encoding (at least 32 bytes once decoded), typically read from an environment
     * variable: {@code HmacKey.fromBase64("k1", System.getenv("KLINK_HMAC_KEY"))}.
     *
     * @throws IllegalArgumentException as {@link #of(String, byte[])}, and when {@code base64} is not base64; a
     *     {@code null} or blank {@code base64} (an unset variable) is named as such
     */
    public static HmacKey fromBase64(String id, String base64) {
        if (base64 == null || base64.isBlank()) {
            return new HmacKey(id, base64 == null ? null : new byte[0]);
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("HMAC key '" + id + "' is not valid base64");
        }
        return new HmacKey(id, decoded);
    }

    public String id() {
        return id;
    }

    byte[] secret() {
        return secret.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HmacKey key && key.id.equals(id) && Arrays.equals(key.secret, secret);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "HmacKey[id=" + id + ", secret=<redacted>]";
    }
}
