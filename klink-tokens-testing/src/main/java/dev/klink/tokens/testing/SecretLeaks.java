package dev.klink.tokens.testing;

import dev.klink.tokens.ParsedToken;
import dev.klink.tokens.TokenFormat;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Finds secrets in texts: a test registers every secret it handles (plaintext tokens, their secret parts,
 * {@code Authorization} values) and every text a secret must not reach (log lines, exception messages, events,
 * metric tags, response bodies), then asserts that {@link #leaks()} is empty. A leak names where the secret showed and
 * what kind of secret it was, never the secret itself, so that a failing test does not print it either.
 *
 * <p>Not thread-safe: register from the test thread.
 */
public final class SecretLeaks {

    /** Secret value -> what it is. */
    private final Map<String, String> secrets = new LinkedHashMap<>();
    /** Where a text came from -> the text. */
    private final List<Map.Entry<String, String>> texts = new ArrayList<>();

    private SecretLeaks() {
    }

    public static SecretLeaks create() {
        return new SecretLeaks();
    }

    /**
     * Registers a token a client could present: the whole string, its 32-character secret, the secret with its
     * checksum (the 38-character tail) and the {@code Authorization} value carrying it. A string that is not
     * well-formed is registered whole, and so is its last {@code _}-separated part when that is at least 16 long.
     *
     * @return {@code token}
     */
    public String token(String what, String token) {
        secret(what, token);
        secret("Authorization value of " + what, "Bearer " + token);
        ParsedToken parsed = TokenFormat.parse(token);
        if (parsed != null) {
            secret("secret of " + what, parsed.secret());
            secret("secret and check of " + what, token.substring(token.length() - 38));
        } else {
            String tail = token.substring(token.lastIndexOf('_') + 1);
            if (tail.length() >= 16) {
                secret("tail of " + what, tail);
            }
        }
        return token;
    }

    /** Registers one secret value. */
    public void secret(String what, String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("an empty secret would be found everywhere: " + what);
        }
        secrets.putIfAbsent(value, what);
    }

    /** Registers a text that must hold no secret ({@code String.valueOf(value)}). */
    public void text(String where, @Nullable Object value) {
        texts.add(Map.entry(where, String.valueOf(value)));
    }

    /** Registers a throwable's full printed form: every message, cause and suppressed exception. */
    public void exception(String where, Throwable thrown) {
        StringWriter printed = new StringWriter();
        thrown.printStackTrace(new PrintWriter(printed));
        text(where, printed);
    }

    /** How many secrets are registered. */
    public int secretCount() {
        return secrets.size();
    }

    /** How many texts are registered. */
    public int textCount() {
        return texts.size();
    }

    /** Every "where shows what" pair in which a registered text holds a registered secret. */
    public List<String> leaks() {
        List<String> leaks = new ArrayList<>();
        for (Map.Entry<String, String> text : texts) {
            for (Map.Entry<String, String> secret : secrets.entrySet()) {
                if (text.getValue().contains(secret.getKey())) {
                    leaks.add(text.getKey() + " shows " + secret.getValue());
                }
            }
        }
        return leaks;
    }

    @Override
    public String toString() {
        return "SecretLeaks[" + secrets.size() + " secrets, " + texts.size() + " texts]";
    }
}
