package dev.klink.tokens.internal;

import dev.klink.tokens.TokenHasher;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The {@code hmac-sha256:<keyId>} schemes: one primary key for new hashes, older keys still verify. */
public final class HmacSha256Hasher implements TokenHasher {

    public static final String SCHEME_PREFIX = "hmac-sha256:";

    private final String primaryScheme;
    private final ThreadLocal<Mac> primaryMac;
    /** scheme -> per-thread Mac; a Mac is not thread-safe and costly to create, so each thread keeps its own. */
    private final Map<String, ThreadLocal<Mac>> macs = new HashMap<>();

    public HmacSha256Hasher(String primaryKeyId, byte[] primaryKey, List<Map.Entry<String, byte[]>> olderKeys) {
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
        return primaryMac.get().doFinal(Ascii.bytes(token));
    }

    @Override
    public boolean matches(String token, String scheme, byte[] expected) {
        ThreadLocal<Mac> mac = macs.get(scheme);
        boolean known = mac != null;
        byte[] actual = (known ? mac : primaryMac).get().doFinal(Ascii.bytes(token));
        return known & MessageDigest.isEqual(actual, expected);
    }

    private static ThreadLocal<Mac> threadLocalMac(byte[] key) {
        SecretKeySpec spec = new SecretKeySpec(key, "HmacSHA256");
        newMac(spec); // fail at construction, not on the first request
        return ThreadLocal.withInitial(() -> newMac(spec));
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

    @Override
    public String toString() {
        return "TokenHasher[" + primaryScheme + ", schemes=" + macs.keySet() + "]";
    }
}
