package dev.klink.tokens;

import dev.klink.tokens.spi.StoredToken;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/** The {@code hmac-sha256:<keyId>} schemes: one primary key for new hashes, older keys still verify. */
final class HmacSha256Hasher implements TokenHasher {

    static final String SCHEME_PREFIX = "hmac-sha256:";

    private final String primaryScheme;
    private final ThreadLocal<Worker> primaryMac;
    /** scheme -> per-thread Mac; a Mac is not thread-safe and costly to create, so each thread keeps its own. */
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
        ThreadLocal<Worker> mac = macs.get(scheme);
        boolean known = mac != null;
        byte[] actual = (mac != null ? mac : primaryMac).get().macOf(token);
        return known & stored.hashEquals(actual); // the stored hash is compared in place, not copied
    }

    private static ThreadLocal<Worker> threadLocalMac(byte[] key) {
        SecretKeySpec spec = new SecretKeySpec(key, "HmacSHA256");
        newMac(spec); // fail at construction, not on the first request
        return ThreadLocal.withInitial(() -> new Worker(newMac(spec)));
    }

    private static Mac newMac(SecretKeySpec spec) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(spec);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    /** One thread's Mac with its buffers, so that checking a token allocates nothing. */
    private static final class Worker {

        private final Mac mac;
        private final Ascii.Buffer input = new Ascii.Buffer();
        private final byte[] output;

        Worker(Mac mac) {
            this.mac = mac;
            this.output = new byte[mac.getMacLength()];
        }

        /** The MAC of {@code token}, in a buffer that the next call overwrites. */
        byte[] macOf(String token) {
            mac.update(input.fill(token), 0, token.length());
            try {
                mac.doFinal(output, 0);
            } catch (ShortBufferException e) {
                throw new IllegalStateException("the output buffer holds a whole MAC", e);
            }
            return output;
        }
    }

    @Override
    public String toString() {
        return "TokenHasher[" + primaryScheme + ", schemes=" + macs.keySet() + "]";
    }
}
