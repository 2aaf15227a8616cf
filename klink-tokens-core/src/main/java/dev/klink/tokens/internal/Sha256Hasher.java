package dev.klink.tokens.internal;

import dev.klink.tokens.TokenHasher;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The {@code sha256} scheme. */
public final class Sha256Hasher implements TokenHasher {

    public static final String SCHEME = "sha256";
    public static final Sha256Hasher INSTANCE = new Sha256Hasher();

    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Sha256Hasher::newDigest);

    private Sha256Hasher() {
    }

    @Override
    public String primaryScheme() {
        return SCHEME;
    }

    @Override
    public byte[] hash(String token) {
        return DIGEST.get().digest(Ascii.bytes(token));
    }

    @Override
    public boolean matches(String token, String scheme, byte[] expected) {
        byte[] actual = hash(token);
        return SCHEME.equals(scheme) & MessageDigest.isEqual(actual, expected);
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "TokenHasher[sha256]";
    }
}
