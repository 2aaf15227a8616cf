package dev.klink.tokens.servlet;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A service allowed to call the {@link TokenIntrospectionServlet} with HTTP Basic (RFC 7662 section 2.1): its client
 * id, the SHA-256 of its secret (never the secret itself) and, optionally, the one tenant whose tokens it may see.
 * {@link #toString()} shows the id and tenant only.
 *
 * <pre>{@code
 * IntrospectionClient gateway = IntrospectionClient.withSecretHash("gateway",
 *         "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08").boundToTenant("acme");
 * }</pre>
 * The hash of a secret is what {@code printf %s "$SECRET" | sha256sum} prints, or {@link #hashSecret(String)}.
 */
public final class IntrospectionClient {

    private static final int SHA256_HEX_LENGTH = 64;

    private final String id;
    private final byte[] secretHash;
    private final @Nullable String tenant;

    private IntrospectionClient(String id, byte[] secretHash, @Nullable String tenant) {
        this.id = id;
        this.secretHash = secretHash;
        this.tenant = tenant;
    }

    /**
     * A client with this id whose secret has this SHA-256 (64 hex digits, either case), seeing tokens of every
     * tenant.
     *
     * @throws IllegalArgumentException if the id is blank, holds a {@code :} or control characters, or the hash is
     *         not 64 hex digits
     */
    public static IntrospectionClient withSecretHash(String id, String secretSha256Hex) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(secretSha256Hex, "secretSha256Hex");
        if (id.isBlank() || id.indexOf(':') >= 0 || id.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("client id must be non-blank without ':' or control characters");
        }
        String hex = secretSha256Hex.strip();
        if (hex.length() != SHA256_HEX_LENGTH || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("secret hash of client '" + id + "' must be the SHA-256 of the secret "
                    + "as 64 hex digits, had " + hex.length() + " characters");
        }
        return new IntrospectionClient(id, HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT)), null);
    }

    /**
     * This client, allowed to see tokens of {@code tenant} only: every token of another tenant is inactive to it.
     */
    public IntrospectionClient boundToTenant(String tenant) {
        if (tenant.isBlank()) {
            throw new IllegalArgumentException("tenant of client '" + id + "' must not be blank");
        }
        return new IntrospectionClient(id, secretHash, tenant);
    }

    /** The SHA-256 of a secret as 64 lower-case hex digits: what {@link #withSecretHash} takes. */
    public static String hashSecret(String secret) {
        return HexFormat.of().formatHex(sha256(secret));
    }

    static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    public String id() {
        return id;
    }

    /** The tenant this client is bound to, or {@code null} for every tenant. */
    public @Nullable String tenant() {
        return tenant;
    }

    /** Whether {@code secret} is this client's secret, comparing the hashes in constant time. */
    boolean secretMatches(String secret) {
        return MessageDigest.isEqual(sha256(secret), secretHash);
    }

    @Override
    public String toString() {
        return "IntrospectionClient[id=" + id + (tenant == null ? "" : ", tenant=" + tenant) + "]";
    }
}
