package dev.klink.tokens;

import dev.klink.tokens.spi.StoredToken;
import java.security.DigestException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@code hmac-sha256:<keyId>} schemes: one primary key for new hashes, older keys still verify. */
final class HmacSha256Hasher implements TokenHasher {

    static final String SCHEME_PREFIX = "hmac-sha256:";

    private final String primaryScheme;
    private final ThreadLocal<Worker> primaryMac;
    /** scheme -> per-thread HMAC; a digest is not thread-safe, so each thread keeps its own. */
    private final Map<String, ThreadLocal<Worker>> macs = new HashMap<>();

    HmacSha256Hasher(String primaryKeyId, byte[] primaryKey, List<Map.Entry<String, byte[]>> olderKeys) {
        this.primaryScheme = SCHEME_PREFIX + primaryKeyId;
        this.primaryMac = threadLocalMac(primaryKey);
        macs.put(primaryScheme, primaryMac);
        Set<String> ids = new LinkedHashSet<>();
        ids.add(primaryKeyId);
        for (Map.Entry<String, byte[]> key : olderKeys) {
            if (!ids.add(key.getKey())) {
                throw new IllegalArgumentException("HMAC key id '" + key.getKey() + "' is configured twice");
            }
            macs.put(SCHEME_PREFIX + key.getKey(), threadLocalMac(key.getValue()));
        }
    }

    @Override
    public String primaryScheme() {
        return primaryScheme;
    }

    @Override
    public byte[] hash(String token) {
        return primaryMac.get().macOf(token).clone();
    }

    /**
     * Also matches hashes made with the {@code sha256} scheme, so that adding the first key keeps existing tokens
     * working; the service re-hashes them under the primary key on their next successful use.
     */
    @Override
    public boolean matches(String token, String scheme, byte[] expected) {
        if (scheme.equals(Sha256Hasher.SCHEME)) {
            return Sha256Hasher.INSTANCE.matches(token, scheme, expected);
        }
        ThreadLocal<Worker> mac = macs.get(scheme);
        boolean known = mac != null;
        byte[] actual = (mac != null ? mac : primaryMac).get().macOf(token);
        return known & MessageDigest.isEqual(actual, expected);
    }

    @Override
    public boolean matches(String token, StoredToken stored) {
        String scheme = stored.hashScheme();
        if (scheme.equals(Sha256Hasher.SCHEME)) {
            return Sha256Hasher.INSTANCE.matches(token, stored);
        }
        // the primary key's scheme first: most tokens carry it, and comparing it costs less than a map lookup
        ThreadLocal<Worker> mac = scheme.equals(primaryScheme) ? primaryMac : macs.get(scheme);
        boolean known = mac != null;
        byte[] actual = (mac != null ? mac : primaryMac).get().macOf(token);
        return known & stored.hashEquals(actual); // the stored hash is compared in place, not copied
    }

    private static ThreadLocal<Worker> threadLocalMac(byte[] key) {
        byte[] secret = key.clone();
        new Worker(secret); // fail at construction, not on the first request
        return ThreadLocal.withInitial(() -> new Worker(secret));
    }

    /**
     * One thread's HMAC-SHA256 (RFC 2104) over a {@link MessageDigest}, with its buffers, so that checking a token
     * allocates nothing: {@code Mac.doFinal} returns a new array on every call, even when given one to fill. The
     * tests check it against {@code javax.crypto.Mac} and published vectors.
     */
    private static final class Worker {

        private static final int BLOCK_LENGTH = 64;
        private static final int MAC_LENGTH = 32;

        private final MessageDigest sha256;
        /** The key, padded to a block, XOR 0x36 and XOR 0x5c. */
        private final byte[] innerPad = new byte[BLOCK_LENGTH];
        private final byte[] outerPad = new byte[BLOCK_LENGTH];
        private final Ascii.Buffer input = new Ascii.Buffer();
        private final byte[] output = new byte[MAC_LENGTH];

        Worker(byte[] key) {
            try {
                this.sha256 = MessageDigest.getInstance("SHA-256");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("SHA-256 is unavailable", e);
            }
            byte[] block = key.length > BLOCK_LENGTH ? sha256.digest(key) : key;
            for (int i = 0; i < BLOCK_LENGTH; i++) {
                byte b = i < block.length ? block[i] : 0;
                innerPad[i] = (byte) (b ^ 0x36);
                outerPad[i] = (byte) (b ^ 0x5c);
            }
        }

        /** The MAC of {@code token}, in a buffer that the next call overwrites. */
        byte[] macOf(String token) {
            try {
                sha256.update(innerPad);
                sha256.update(input.fill(token), 0, token.length());
                sha256.digest(output, 0, MAC_LENGTH);
                sha256.update(outerPad);
                sha256.update(output, 0, MAC_LENGTH);
                sha256.digest(output, 0, MAC_LENGTH);
            } catch (DigestException e) {
                throw new IllegalStateException("the output buffer holds a whole digest", e);
            }
            return output;
        }
    }

    @Override
    public String toString() {
        return "TokenHasher[" + primaryScheme + ", schemes=" + macs.keySet() + "]";
    }
}
