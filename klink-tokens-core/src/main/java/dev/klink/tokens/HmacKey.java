package dev.klink.tokens;

import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Pattern;

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

    private HmacKey(String id, byte[] secret) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("HMAC key id must match [A-Za-z0-9._-]{1,32}, was '" + id + "'");
        }
        if (secret.length < MIN_LENGTH_BYTES) {
            throw new IllegalArgumentException("HMAC key '" + id + "' must be at least " + MIN_LENGTH_BYTES
                    + " bytes, was " + secret.length);
        }
        this.id = id;
        this.secret = secret.clone();
    }

    /** A key from raw bytes (at least 32). */
    public static HmacKey of(String id, byte[] secret) {
        return new HmacKey(id, secret);
    }

    /** A key from its standard base64 encoding (at least 32 bytes once decoded). */
    public static HmacKey fromBase64(String id, String base64) {
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
