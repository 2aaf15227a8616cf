package dev.klink.tokens.cli;

import dev.klink.tokens.TokenFormat;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What can be told about a string without the database: whether it has the shape of a token, its prefix and id, and
 * whether its checksum matches. Holds no secret: the secret part is only used to compute the checksum.
 *
 * @param prefix the prefix, when the string is well-formed
 * @param id the id, when the string is well-formed
 */
record Inspection(boolean wellFormed, @Nullable String prefix, boolean prefixAccepted, @Nullable String id,
        boolean checksumValid) {

    /** {@code "_" id "_" secret check}: what follows the prefix. */
    private static final int SUFFIX_LENGTH = 1 + TokenFormat.ID_LENGTH + 1 + TokenFormat.SECRET_LENGTH
            + TokenFormat.CHECK_LENGTH;

    static Inspection of(String candidate, Set<String> acceptedPrefixes) {
        int prefixLength = candidate.length() - SUFFIX_LENGTH;
        if (prefixLength < 1 || prefixLength > TokenFormat.MAX_PREFIX_LENGTH
                || candidate.charAt(prefixLength) != '_'
                || candidate.charAt(prefixLength + 1 + TokenFormat.ID_LENGTH) != '_') {
            return malformed();
        }
        String prefix = candidate.substring(0, prefixLength);
        int idStart = prefixLength + 1;
        String id = candidate.substring(idStart, idStart + TokenFormat.ID_LENGTH);
        int secretStart = idStart + TokenFormat.ID_LENGTH + 1;
        String secretAndCheck = candidate.substring(secretStart);
        if (!TokenFormat.isValidPrefix(prefix) || !TokenFormat.isValidId(id) || !isBase62(secretAndCheck)) {
            return malformed();
        }
        String secret = secretAndCheck.substring(0, TokenFormat.SECRET_LENGTH);
        boolean checksumValid = TokenFormat.format(prefix, id, secret).equals(candidate);
        return new Inspection(true, prefix, acceptedPrefixes.contains(prefix), id, checksumValid);
    }

    private static Inspection malformed() {
        return new Inspection(false, null, false, null, false);
    }

    private static boolean isBase62(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) {
                return false;
            }
        }
        return true;
    }

    /** Well-formed, with a matching checksum and an accepted prefix: what verification would look up. */
    boolean valid() {
        return wellFormed && checksumValid && prefixAccepted;
    }
}
