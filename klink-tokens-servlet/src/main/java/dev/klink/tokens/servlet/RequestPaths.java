package dev.klink.tokens.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The path a request addresses inside the application, as the container decoded and normalized it, or
 * {@code null} when the request path is ambiguous and must be refused rather than guessed at: a raw URI with
 * encoded {@code / \ . % ;} or NUL, a backslash, non-ASCII or control characters, empty, {@code .} or {@code ..}
 * segments (path parameters ignored), or a decoded path that still holds any of these or a C1 control character
 * (U+0080 to U+009F) or U+2028/U+2029.
 */
final class RequestPaths {

    private RequestPaths() {
    }

    static @Nullable String pathWithinApplication(HttpServletRequest request) {
        String uri;
        String path;
        try {
            uri = request.getRequestURI();
            String servletPath = Objects.requireNonNullElse(request.getServletPath(), "");
            String pathInfo = request.getPathInfo();
            // a copy only when both parts are there: with a servlet at /* the path is all path info
            path = pathInfo == null ? servletPath : servletPath.isEmpty() ? pathInfo : servletPath + pathInfo;
        } catch (RuntimeException e) {
            // Servlet 6 containers refuse to decode suspicious sequences by throwing here
            return null;
        }
        if (uri == null || !isUnambiguousUri(uri)) {
            return null;
        }
        if (path.isEmpty()) {
            path = "/";
        }
        return isCanonical(path) ? path : null;
    }

    /** Scans the raw URI once, without copies: this runs on every request. */
    private static boolean isUnambiguousUri(String uri) {
        int length = uri.length();
        for (int i = 0; i < length; i++) {
            char c = uri.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '\\') {
                return false;
            }
            if (c == '%' && i + 2 < length && isAmbiguousEncoding(uri.charAt(i + 1), uri.charAt(i + 2))) {
                return false;
            }
        }
        // containers differ in how they resolve "//", "." and ".." (also "..;x"), so a URI holding them is refused
        int from = uri.indexOf('/');
        if (from < 0) {
            return true;
        }
        while (true) {
            from++;
            int slash = uri.indexOf('/', from);
            int end = slash < 0 ? length : slash;
            int parameters = uri.indexOf(';', from);
            int nameLength = (parameters >= 0 && parameters < end ? parameters : end) - from;
            boolean dots = (nameLength == 1 || nameLength == 2) && uri.charAt(from) == '.'
                    && uri.charAt(from + nameLength - 1) == '.';
            if (dots || (nameLength == 0 && slash >= 0)) {
                return false;
            }
            if (slash < 0) {
                return true;
            }
            from = slash;
        }
    }

    /** {@code %2f %5c %2e %25 %3b %00} in any case: encodings of characters with a meaning in paths. */
    private static boolean isAmbiguousEncoding(char high, char low) {
        char lower = Character.toLowerCase(low);
        return (high == '2' && (lower == 'f' || lower == 'e' || lower == '5')) || (high == '5' && lower == 'c')
                || (high == '3' && lower == 'b') || (high == '0' && lower == '0');
    }

    /** Absolute, no empty, {@code .} or {@code ..} segments, nothing the container should have removed. */
    static boolean isCanonical(String path) {
        if (!path.startsWith("/") || path.contains("//") || path.contains("/./") || path.contains("/../")
                || path.endsWith("/.") || path.endsWith("/..")) {
            return false;
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (isControl(c) || c == '%' || c == ';' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /**
     * C0, DEL, C1 (U+0085 among them) and the Unicode line and paragraph separators: characters some routers, regex
     * engines or logs read as line ends or drop.
     */
    static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
    }
}
