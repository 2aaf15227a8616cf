package dev.klink.tokens.servlet;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Writes the answer to a refused request: status, RFC 6750 {@code WWW-Authenticate} challenge, {@code Retry-After}
 * for 503, {@code Cache-Control: no-store} and an RFC 9457 {@code application/problem+json} body with a stable
 * {@code code}. The servlet filter and the Spring Security integration both answer through this class, so their
 * responses are the same byte for byte. Immutable and thread-safe.
 *
 * <pre>
 * HTTP/1.1 401 Unauthorized
 * WWW-Authenticate: Bearer realm="klink", error="invalid_token", error_description="The access token is invalid"
 * Cache-Control: no-store
 * Content-Type: application/problem+json
 *
 * {"type":"about:blank","title":"Unauthorized","status":401,"detail":"The access token is invalid","code":"invalid_token"}
 * </pre>
 */
public final class BearerErrorResponder {

    /** The realm of the challenge unless configured otherwise. */
    public static final String DEFAULT_REALM = "klink";
    /** The media type of every error body (RFC 9457). */
    public static final String PROBLEM_JSON = "application/problem+json";
    /** Seconds a client is asked to wait after a 503. */
    public static final int RETRY_AFTER_SECONDS = 5;

    private static final int MAX_REALM_LENGTH = 200;
    private static final BearerErrorResponder DEFAULT = new BearerErrorResponder(DEFAULT_REALM);

    private static final String RETRY_AFTER = Integer.toString(RETRY_AFTER_SECONDS);
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    /** The problem body of each error: the same for every realm, so built once. */
    private static final Map<BearerError, byte[]> BODIES = bodies();

    private final String realm;
    /** The challenge of each error without a {@code scope}: fixed per realm, so built once. */
    private final Map<BearerError, String> challenges;

    private BearerErrorResponder(String realm) {
        this.realm = realm;
        String quotedRealm = quote(realm);
        Map<BearerError, String> challengeMap = new EnumMap<>(BearerError.class);
        for (BearerError error : BearerError.values()) {
            if (error.hasChallenge()) {
                challengeMap.put(error, challenge(quotedRealm, error));
            }
        }
        this.challenges = challengeMap;
    }

    private static Map<BearerError, byte[]> bodies() {
        Map<BearerError, byte[]> bodies = new EnumMap<>(BearerError.class);
        for (BearerError error : BearerError.values()) {
            bodies.put(error, problem(error.status(), error.detail(), error.code()));
        }
        return bodies;
    }

    private static String challenge(String quotedRealm, BearerError error) {
        String oauthError = error.oauthError();
        return oauthError == null ? "Bearer realm=" + quotedRealm
                : "Bearer realm=" + quotedRealm + ", error=" + quote(oauthError) + ", error_description="
                        + quote(error.detail());
    }

    /** A responder with the realm {@value #DEFAULT_REALM}. */
    public static BearerErrorResponder create() {
        return DEFAULT;
    }

    /**
     * A responder with this realm.
     *
     * @throws IllegalArgumentException if the realm is empty, longer than 200 characters or holds characters other
     *         than printable ASCII
     */
    public static BearerErrorResponder create(String realm) {
        return realm.equals(DEFAULT_REALM) ? DEFAULT : new BearerErrorResponder(requireValidRealm(realm));
    }

    static String requireValidRealm(String realm) {
        if (realm.isEmpty() || realm.length() > MAX_REALM_LENGTH) {
            throw new IllegalArgumentException("realm must have 1 to " + MAX_REALM_LENGTH + " characters, had "
                    + realm.length());
        }
        for (int i = 0; i < realm.length(); i++) {
            char c = realm.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException("realm must be printable ASCII, found U+"
                        + String.format("%04X", (int) c) + " at index " + i);
            }
        }
        return realm;
    }

    public String realm() {
        return realm;
    }

    /**
     * The {@code WWW-Authenticate} value for {@code error}, or {@code null} for the errors that carry none (see
     * {@link BearerError#hasChallenge()}).
     *
     * @param scope the abilities the request needs; only used for {@link BearerError#INSUFFICIENT_SCOPE}, where a
     *        non-empty list becomes the space-separated {@code scope} attribute
     */
    public @Nullable String wwwAuthenticate(BearerError error, List<String> scope) {
        String challenge = challenges.get(error);
        if (challenge == null || error != BearerError.INSUFFICIENT_SCOPE || scope.isEmpty()) {
            return challenge;
        }
        return challenge + ", scope=" + quote(String.join(" ", scope));
    }

    /** The problem body of {@code error}, UTF-8 JSON; a fresh copy on each call. */
    public byte[] body(BearerError error) {
        return bodyOf(error).clone();
    }

    private static byte[] bodyOf(BearerError error) {
        return Objects.requireNonNull(BODIES.get(error)); // the class initializer put one for each error
    }

    /**
     * Answers the request with {@code error}. Does nothing but return false when the response is already committed
     * (its status and headers are gone); otherwise resets it (dropping what the application may have set) and
     * writes the whole answer.
     *
     * @param scope the abilities the request needs, for {@link BearerError#INSUFFICIENT_SCOPE}; otherwise ignored
     * @return whether the answer was written
     */
    public boolean write(HttpServletResponse response, BearerError error, List<String> scope) throws IOException {
        if (response.isCommitted()) {
            return false;
        }
        response.reset();
        response.setStatus(error.status());
        String challenge = wwwAuthenticate(error, scope);
        if (challenge != null) {
            response.setHeader("WWW-Authenticate", challenge);
        }
        if (error == BearerError.STORE_UNAVAILABLE) {
            response.setHeader("Retry-After", RETRY_AFTER);
        }
        writeBody(response, bodyOf(error));
        return true;
    }

    static void writeBody(HttpServletResponse response, byte[] body) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        response.setContentType(PROBLEM_JSON);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }

    /** The RFC 9457 body, members in this order, as compact UTF-8 JSON. */
    static byte[] problem(int status, String detail, String code) {
        String json = "{\"type\":\"about:blank\",\"title\":" + jsonString(reasonPhrase(status)) + ",\"status\":"
                + status + ",\"detail\":" + jsonString(detail) + ",\"code\":" + jsonString(code) + "}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * An RFC 8259 string: a backslash before {@code "} and before a backslash, control characters as the short
     * escapes (newline as backslash-n) or as backslash-u and four hex digits, everything else as it is; the same bytes
     * Jackson writes.
     */
    static String jsonString(String value) {
        StringBuilder json = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"', '\\' -> json.append('\\').append(c);
                case '\b' -> json.append("\\b");
                case '\f' -> json.append("\\f");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }

    private static String reasonPhrase(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> throw new IllegalArgumentException("no reason phrase for status " + status);
        };
    }

    /** An RFC 9110 quoted-string: backslash before every {@code "} and {@code \}. */
    static String quote(String value) {
        StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\');
            }
            quoted.append(c);
        }
        return quoted.append('"').toString();
    }

    @Override
    public String toString() {
        return "BearerErrorResponder[realm=" + realm + "]";
    }
}
