package dev.klink.tokens.servlet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP error table of {@code http-errors.md} (a copy of the shared spec in the test resources), read row by row
 * so that the tests assert what the spec says rather than what the code says.
 */
final class HttpErrorTable {

    /** One row: status, challenge with {@code <realm>} in it (null for none), code and detail. */
    record Row(int number, int status, @Nullable String challenge, String code, String detail) {

        /** The exact {@code WWW-Authenticate} value for {@code realm}, with the 403's {@code <abilities…>} filled. */
        @Nullable String challengeFor(String realm, String scope) {
            if (challenge == null) {
                return null;
            }
            String value = challenge.replace("<realm>", realm);
            int start = value.indexOf("scope=\"<");
            if (start >= 0) {
                value = value.substring(0, start) + "scope=\"" + scope + "\"";
            }
            return value;
        }
    }

    private static final Map<String, Row> BY_CODE = load();

    private HttpErrorTable() {
    }

    static Row row(BearerError error) {
        Row row = BY_CODE.get(error.code());
        if (row == null) {
            throw new IllegalStateException("http-errors.md has no row with code " + error.code());
        }
        return row;
    }

    static List<Row> rows() {
        return List.copyOf(BY_CODE.values());
    }

    private static Map<String, Row> load() {
        String text;
        try (InputStream in = HttpErrorTable.class.getResourceAsStream("/http-errors.md")) {
            if (in == null) {
                throw new IllegalStateException("http-errors.md missing from the test resources");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, Row> rows = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (!line.matches("\\| \\d+ \\|.*")) {
                continue;
            }
            List<String> cells = cells(line);
            if (cells.get(4).equals("—")) {
                continue; // row 10: the request passes
            }
            String challengeCell = cells.get(3);
            String challenge = challengeCell.startsWith("none") ? null : unquote(challengeCell);
            rows.put(unquote(cells.get(4)), new Row(Integer.parseInt(cells.get(0)), Integer.parseInt(cells.get(2)),
                    challenge, unquote(cells.get(4)), cells.get(5)));
        }
        if (rows.size() != 12) {
            throw new IllegalStateException("expected 12 error rows in http-errors.md, found " + rows.size());
        }
        return rows;
    }

    private static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        for (String cell : line.substring(1, line.lastIndexOf('|')).split("\\|")) {
            cells.add(cell.strip());
        }
        return cells;
    }

    private static String unquote(String cell) {
        return cell.startsWith("`") && cell.endsWith("`") ? cell.substring(1, cell.length() - 1) : cell;
    }
}
