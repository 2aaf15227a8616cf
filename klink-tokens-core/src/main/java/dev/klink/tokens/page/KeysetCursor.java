package dev.klink.tokens.page;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a listing ordered newest first (creation time, then id, both descending) continues: after the row with this
 * creation time and id. {@link #encode()} turns it into an opaque, URL-safe string for a client to send back;
 * {@link #decode(String)} reads it and refuses any text {@code encode()} could not have written. A cursor is not
 * signed: it holds no tenant, only a position, and the listing it is given to decides whose tokens are read, so a
 * made-up position can do no more than skip rows of a listing its caller may read anyway.
 *
 * @param createdAt the creation time of the last row of the previous page
 * @param id the id of that row
 */
public record KeysetCursor(Instant createdAt, String id) {

    /** The longest id a cursor carries: the width of the stores' id column. */
    public static final int MAX_ID_LENGTH = 64;
    /** Longer text than any cursor {@link #encode()} writes is refused before it is decoded. */
    private static final int MAX_ENCODED_LENGTH = 400;
    private static final Pattern DECODED = Pattern.compile("k1\\.(-?[0-9]{1,19})\\.([0-9]{1,9})\\.(.+)",
            Pattern.DOTALL);
    private static final Pattern URL_SAFE = Pattern.compile("[A-Za-z0-9_-]+");

    public KeysetCursor {
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(id, "id");
        if (id.isEmpty() || id.length() > MAX_ID_LENGTH || id.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("id of a cursor must be 1 to " + MAX_ID_LENGTH
                    + " characters without control characters");
        }
    }

    /** The position after {@code createdAt} and {@code id}. */
    public static KeysetCursor of(Instant createdAt, String id) {
        return new KeysetCursor(createdAt, id);
    }

    /** Whether a row with this creation time and id comes after this position, newest first. */
    public boolean precedes(Instant rowCreatedAt, String rowId) {
        int byTime = rowCreatedAt.compareTo(createdAt);
        return byTime < 0 || (byTime == 0 && rowId.compareTo(id) < 0);
    }

    /** The cursor as base64url text without padding: safe in a URL query without escaping. */
    public String encode() {
        String plain = "k1." + createdAt.getEpochSecond() + "." + createdAt.getNano() + "." + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads a cursor in the form {@link #encode()} writes.
     *
     * @throws IllegalArgumentException when {@code text} is not in that form (cut, padded, changed outside the id,
     *     or made up); the message never repeats the text
     */
    public static KeysetCursor decode(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty() || text.length() > MAX_ENCODED_LENGTH || !URL_SAFE.matcher(text).matches()) {
            throw malformed();
        }
        String plain;
        try {
            plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw malformed();
        }
        Matcher parts = DECODED.matcher(plain);
        if (!parts.matches()) {
            throw malformed();
        }
        KeysetCursor cursor;
        try {
            Instant createdAt = Instant.ofEpochSecond(Long.parseLong(parts.group(1)),
                    Integer.parseInt(parts.group(2)));
            cursor = new KeysetCursor(createdAt, parts.group(3));
        } catch (IllegalArgumentException | DateTimeException e) { // NumberFormatException included
            throw malformed();
        }
        if (!cursor.encode().equals(text)) { // one spelling per position: no leading zeros, no stray bits
            throw malformed();
        }
        return cursor;
    }

    private static IllegalArgumentException malformed() {
        return new IllegalArgumentException("cursor is malformed: pass back the nextCursor of the previous page "
                + "unchanged");
    }
}
