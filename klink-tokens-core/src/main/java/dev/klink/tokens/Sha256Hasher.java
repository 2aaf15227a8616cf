package dev.klink.tokens;

import dev.klink.tokens.spi.StoredToken;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The {@code sha256} scheme. */
final class Sha256Hasher implements TokenHasher {

    static final String SCHEME = "sha256";
    static final Sha256Hasher INSTANCE = new Sha256Hasher();

    private static final ThreadLocal<Worker> DIGEST = ThreadLocal.withInitial(Worker::new);

    private Sha256Hasher() {
    }

    @Override
    public String primaryScheme() {
        return SCHEME;
    }

    @Override
    public byte[] hash(String token) {
        return DIGEST.get().digestOf(token).clone();
    }

    @Override
    public boolean matches(String token, String scheme, byte[] expected) {
        byte[] actual = DIGEST.get().digestOf(token);
        return SCHEME.equals(scheme) & MessageDigest.isEqual(actual, expected);
    }

    @Override
    public boolean matches(String token, StoredToken stored) {
        byte[] actual = DIGEST.get().digestOf(token);
        return SCHEME.equals(stored.hashScheme()) & stored.hashEquals(actual);
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    /** One thread's digest with its buffers, so that checking a token allocates nothing. */
    private static final class Worker {

        private final MessageDigest digest = newDigest();
        private final Ascii.Buffer input = new Ascii.Buffer();
        private final byte[] output = new byte[digest.getDigestLength()];

        /** The SHA-256 of {@code token}, in a buffer that the next call overwrites. */
        byte[] digestOf(String token) {
            digest.update(input.fill(token), 0, token.length());
            try {
                digest.digest(output, 0, output.length);
            } catch (DigestException e) {
                throw new IllegalStateException("the output buffer holds a whole digest", e);
            }
            return output;
        }
    }

    @Override
    public String toString() {
        return "TokenHasher[sha256]";
    }
}
