package dev.klink.tokens.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The path a request addresses inside the application, as the container decoded and normalized it, or
 * {@code null} when the request path is ambiguous and must be refused rather than guessed at: a raw URI with
 * encoded {@code / \ . % ;} or NUL, a backslash, non-ASCII or control characters, empty, {@code .} or {@code ..}
 * segments (path parameters ignored), or a decoded path that still holds any of these.
 */
final class RequestPaths {

    /** Encodings that decode to characters with a meaning in paths; refused in the raw URI. */
    private static final String[] AMBIGUOUS_ENCODINGS = {"%2f", "%5c", "%2e", "%25", "%3b", "%00"};

    private RequestPaths() {
    }

    static @Nullable String pathWithinApplication(HttpServletRequest request) {
        String uri;
        String path;
        try {
            uri = request.getRequestURI();
            String servletPath = request.getServletPath();
            String pathInfo = request.getPathInfo();
            path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
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

    private static boolean isUnambiguousUri(String uri) {
        String lower = uri.toLowerCase(Locale.ROOT);
        for (String encoding : AMBIGUOUS_ENCODINGS) {
            if (lower.contains(encoding)) {
                return false;
            }
        }
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '\\') {
                return false;
            }
        }
        // containers differ in how they resolve "//", "." and ".." (also "..;x"), so a URI holding them is refused
        String[] segments = uri.split("/", -1);
        for (int i = 1; i < segments.length; i++) {
            String segment = segments[i];
            int parameters = segment.indexOf(';');
            String name = parameters < 0 ? segment : segment.substring(0, parameters);
            if (name.equals(".") || name.equals("..") || (name.isEmpty() && i < segments.length - 1)) {
                return false;
            }
        }
        return true;
    }

    /** Absolute, no empty, {@code .} or {@code ..} segments, nothing the container should have removed. */
    static boolean isCanonical(String path) {
        if (!path.startsWith("/") || path.contains("//") || path.contains("/./") || path.contains("/../")
                || path.endsWith("/.") || path.endsWith("/..")) {
            return false;
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '%' || c == ';' || c == '\\') {
                return false;
            }
        }
        return true;
    }
}
