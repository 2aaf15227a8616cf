package dev.klink.tokens.benchmarks;

import dev.klink.tokens.HmacKey;
import dev.klink.tokens.TokenHasher;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;

/** Key material and claims shared by every contender, so that each one verifies the same thing. */
final class Fixtures {

    static final String TENANT = "acme";
    static final String OWNER = "alice";
    static final String TOKEN_NAME = "CI deploy";
    static final String ABILITY = "orders:read";
    static final String CLIENT_IP = "127.0.0.1";
    /** Far enough ahead that no run outlives it. */
    static final Duration LIFETIME = Duration.ofDays(30);

    private Fixtures() {
    }

    /**
     * The 32-byte HMAC key every HS256 contender and klink use. Derived from a label rather than random so that runs
     * are repeatable; a benchmark key protects nothing.
     */
    static byte[] hmacKey() {
        try {
            return MessageDigest.getInstance("SHA-256").digest("klink-tokens benchmark key".getBytes(
                    StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    /** klink hashing with the same 32-byte key, so that its cost is comparable to HS256. */
    static TokenHasher klinkHasher() {
        return TokenHasher.hmacSha256(HmacKey.of("bench", hmacKey()));
    }

    static Instant expiry() {
        return Instant.now().plus(LIFETIME);
    }
}
