package dev.klink.tokens;

import dev.klink.tokens.spi.StoredToken;
import java.util.List;

/**
 * Turns a whole token string into the hash that is stored. Only the hash is ever stored; the plaintext is shown once.
 * A fast hash is right here (not bcrypt): the secret has about 190 bits of entropy.
 *
 * <p>Schemes: {@code sha256}, and {@code hmac-sha256:<keyId>} with a server-side key, so that a leaked database alone
 * does not let anyone test guesses.
 */
public interface TokenHasher {

    /** The scheme new hashes are made with, recorded next to each hash. */
    String primaryScheme();

    /** The hash of {@code token} under {@link #primaryScheme()}. */
    byte[] hash(String token);

    /**
     * Whether {@code token} hashed under {@code scheme} equals {@code expected}, compared in constant time. An
     * unknown scheme (for example a removed key) never matches, but a hash is still computed so that it costs the
     * same time.
     */
    boolean matches(String token, String scheme, byte[] expected);

    /**
     * Whether {@code token} hashes to {@code stored}'s hash under its scheme, as {@link #matches(String, String,
     * byte[])}. The built-in hashers compare without copying the stored hash; this default copies it once.
     */
    default boolean matches(String token, StoredToken stored) {
        return matches(token, stored.hashScheme(), stored.hash());
    }

    /** Plain SHA-256: the default when no key is configured. */
    static TokenHasher sha256() {
        return Sha256Hasher.INSTANCE;
    }

    /**
     * HMAC-SHA256 with {@code primary} for new hashes; hashes made with any of {@code older} keys, or with
     * {@link #sha256()} before the first key was configured, keep verifying and are re-hashed under the primary key
     * on their next successful use.
     */
    static TokenHasher hmacSha256(HmacKey primary, HmacKey... older) {
        return hmacSha256(primary, List.of(older));
    }

    /** As {@link #hmacSha256(HmacKey, HmacKey...)}. */
    static TokenHasher hmacSha256(HmacKey primary, List<HmacKey> older) {
        if (primary == null) {
            throw new IllegalArgumentException("hmacSha256 needs a primary key, was null: pass e.g. "
                    + "HmacKey.fromBase64(\"k1\", System.getenv(\"KLINK_HMAC_KEY\")), or use sha256() for no key");
        }
        return new HmacSha256Hasher(primary.id(), primary.secret(), older.stream()
                .map(key -> java.util.Map.entry(key.id(), key.secret()))
                .toList());
    }
}
