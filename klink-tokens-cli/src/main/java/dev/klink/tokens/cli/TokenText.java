package dev.klink.tokens.cli;

import dev.klink.tokens.TokenInfo;
import dev.klink.tokens.TokenStatus;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How tokens are printed: aligned tables and detail lines for people, one JSON document with stable field names for
 * scripts. Never the hash; names and reasons are stripped of control characters so that a token's name cannot
 * rewrite the operator's terminal.
 */
final class TokenText {

    static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private TokenText() {
    }

    /** {@code id name owner abilities created last-used expires status}, one row per token. */
    static void table(PrintWriter out, List<TokenInfo> tokens) {
        Table table = new Table("ID", "NAME", "OWNER", "ABILITIES", "CREATED", "LAST USED", "EXPIRES", "STATUS");
        for (TokenInfo token : tokens) {
            table.row(token.id(), clean(token.name()), clean(token.ownerId()), abilities(token),
                    time(token.createdAt()), orNever(token.lastUsedAt()), orNever(token.expiresAt()),
                    status(token.status()));
        }
        table.print(out);
    }

    /** Every field of one token but the hash, one per line. */
    static void details(PrintWriter out, TokenInfo token) {
        Table lines = new Table();
        lines.row("id:", token.id());
        lines.row("hint:", token.hint());
        lines.row("tenant:", clean(token.tenantId()));
        lines.row("owner:", clean(token.ownerId()));
        lines.row("name:", clean(token.name()));
        lines.row("abilities:", abilities(token));
        lines.row("status:", status(token.status()));
        lines.row("created:", time(token.createdAt()));
        lines.row("expires:", orNever(token.expiresAt()));
        lines.row("last used:", token.lastUsedAt() == null ? "never" : time(token.lastUsedAt())
                + (token.lastUsedIp() == null ? "" : " from " + clean(token.lastUsedIp())));
        lines.row("revoked:", token.revokedAt() == null ? "-" : time(token.revokedAt())
                + (token.revokedBy() == null ? "" : " by " + clean(token.revokedBy()))
                + (token.revokeReason() == null ? "" : " (" + clean(token.revokeReason()) + ")"));
        lines.row("rotated from:", orDash(token.rotatedFromId()));
        lines.row("rotated to:", orDash(token.rotatedToId()));
        List<String> metadata = new ArrayList<>();
        new TreeMap<>(token.metadata()).forEach((key, value) -> metadata.add(clean(key) + "=" + clean(value)));
        lines.row("metadata:", metadata.isEmpty() ? "-" : String.join(", ", metadata));
        lines.print(out);
    }

    /** {@code {"tokens": [ … ]}}. */
    static void json(PrintWriter out, List<TokenInfo> tokens) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode array = root.putArray("tokens");
        tokens.forEach(token -> array.add(json(token)));
        print(out, root);
    }

    static void print(PrintWriter out, ObjectNode node) {
        out.println(JSON.writeValueAsString(node));
    }

    /** One token with stable field names; absent values are {@code null}, never left out. */
    static ObjectNode json(TokenInfo token) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", token.id());
        node.put("hint", token.hint());
        node.put("tenant", token.tenantId());
        node.put("owner", token.ownerId());
        node.put("name", token.name());
        ArrayNode abilities = node.putArray("abilities");
        new TreeSet<>(token.abilities()).forEach(abilities::add);
        node.put("status", status(token.status()));
        node.put("createdAt", token.createdAt().toString());
        node.put("expiresAt", isoOrNull(token.expiresAt()));
        node.put("lastUsedAt", isoOrNull(token.lastUsedAt()));
        node.put("lastUsedIp", token.lastUsedIp());
        node.put("revokedAt", isoOrNull(token.revokedAt()));
        node.put("revokedBy", token.revokedBy());
        node.put("revokeReason", token.revokeReason());
        node.put("rotatedFromId", token.rotatedFromId());
        node.put("rotatedToId", token.rotatedToId());
        ObjectNode metadata = node.putObject("metadata");
        new TreeMap<>(token.metadata()).forEach(metadata::put);
        return node;
    }

    static String status(TokenStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    /** An instant to the second, ISO-8601 UTC: {@code 2026-11-30T10:15:00Z}. */
    static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String orNever(@Nullable Instant instant) {
        return instant == null ? "never" : time(instant);
    }

    private static String orDash(@Nullable String value) {
        return value == null ? "-" : clean(value);
    }

    private static @Nullable String isoOrNull(@Nullable Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static String abilities(TokenInfo token) {
        return token.abilities().isEmpty() ? "-" : String.join(",", new TreeSet<>(token.abilities()));
    }

    /** {@code text} with control characters (escape sequences, new lines) shown as {@code ?}. */
    static String clean(String text) {
        StringBuilder cleaned = new StringBuilder(text.length());
        text.codePoints().forEach(c -> cleaned.appendCodePoint(Character.isISOControl(c)
                || Character.getType(c) == Character.FORMAT ? '?' : c));
        return cleaned.toString();
    }

    /** Columns padded to their widest cell, two spaces apart; the last column is not padded. */
    static final class Table {

        private final List<String[]> rows = new ArrayList<>();

        Table(String... header) {
            if (header.length > 0) {
                rows.add(header);
            }
        }

        void row(String... cells) {
            rows.add(cells);
        }

        void print(PrintWriter out) {
            int columns = rows.stream().mapToInt(row -> row.length).max().orElse(0);
            int[] widths = new int[columns];
            for (String[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    widths[i] = Math.max(widths[i], row[i].length());
                }
            }
            for (String[] row : rows) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < row.length; i++) {
                    line.append(row[i]);
                    if (i < row.length - 1) {
                        line.append(" ".repeat(widths[i] - row[i].length() + 2));
                    }
                }
                out.println(line);
            }
        }
    }
}
