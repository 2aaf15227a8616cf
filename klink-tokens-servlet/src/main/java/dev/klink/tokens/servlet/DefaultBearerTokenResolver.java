package dev.klink.tokens.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reads the bearer token from {@code Authorization: Bearer <b64token>} (RFC 6750 section 2.1), in this order:
 * <ol>
 * <li>more than one {@code Authorization} header, or a header together with an {@code access_token} parameter in
 * the query or (for a form {@code POST}) in the body: {@link BearerError#MULTIPLE_CREDENTIALS};</li>
 * <li>{@code access_token} in the URL query: {@link BearerError#TOKEN_IN_QUERY} (URLs end up in logs, histories and
 * {@code Referer} headers, so a token there is refused, never used);</li>
 * <li>a header with another scheme ({@code Basic …}), or none: {@linkplain BearerResolution#none() no
 * credentials};</li>
 * <li>{@code Bearer} (scheme case-insensitive) followed by anything but exactly one space and a {@code b64token}:
 * {@link BearerError#MALFORMED_TOKEN}. Whitespace around the whole header value is ignored.</li>
 * </ol>
 * A form-encoded body parameter (RFC 6750 section 2.2) is read only when a bearer header is present too (to refuse
 * the pair) or when {@link Builder#allowFormBodyParameter(boolean)} is on; otherwise the body is never parsed.
 * Thread-safe.
 */
public final class DefaultBearerTokenResolver implements BearerTokenResolver {

    private static final String BEARER = "bearer";
    private static final String B64_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/";
    private static final long B64_LOW = b64Mask(0);
    private static final long B64_HIGH = b64Mask(64);

    /** The parameter name RFC 6750 defines for form bodies and queries. */
    public static final String ACCESS_TOKEN_PARAMETER = "access_token";

    private static final DefaultBearerTokenResolver DEFAULT = new DefaultBearerTokenResolver(false);
    private static final String FORM_CONTENT_TYPE = "application/x-www-form-urlencoded";

    private final boolean allowFormBodyParameter;

    private DefaultBearerTokenResolver(boolean allowFormBodyParameter) {
        this.allowFormBodyParameter = allowFormBodyParameter;
    }

    /** The resolver that accepts only the {@code Authorization} header. */
    public static DefaultBearerTokenResolver create() {
        return DEFAULT;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public BearerResolution resolve(HttpServletRequest request) {
        String header = null;
        Enumeration<String> headers = request.getHeaders("Authorization");
        if (headers != null && headers.hasMoreElements()) {
            header = headers.nextElement();
            if (headers.hasMoreElements()) {
                return BearerResolution.error(BearerError.MULTIPLE_CREDENTIALS);
            }
        }
        boolean inQuery = queryHasParameter(request.getQueryString(), ACCESS_TOKEN_PARAMETER);
        if (inQuery && header != null) {
            return BearerResolution.error(BearerError.MULTIPLE_CREDENTIALS);
        }
        if (inQuery) {
            return BearerResolution.error(BearerError.TOKEN_IN_QUERY);
        }
        BearerResolution fromHeader = header == null ? BearerResolution.none() : fromHeader(header);
        boolean bearerHeader = fromHeader.kind() != BearerResolution.Kind.NONE;
        if ((bearerHeader || allowFormBodyParameter) && isFormPost(request)) {
            String[] values = request.getParameterValues(ACCESS_TOKEN_PARAMETER);
            if (values != null && values.length > 0) {
                if (header != null || values.length > 1) {
                    return BearerResolution.error(BearerError.MULTIPLE_CREDENTIALS);
                }
                return isB64Token(values[0]) ? BearerResolution.token(values[0])
                        : BearerResolution.error(BearerError.MALFORMED_TOKEN);
            }
        }
        return fromHeader;
    }

    /** The token of one {@code Authorization} header value, none for another scheme, or malformed. */
    public static BearerResolution fromHeader(String header) {
        // index arithmetic rather than trimmed copies: this runs on every request that carries a header
        int start = 0;
        int end = header.length();
        while (start < end && isBlank(header.charAt(start))) {
            start++;
        }
        while (end > start && isBlank(header.charAt(end - 1))) {
            end--;
        }
        int schemeEnd = start;
        while (schemeEnd < end && !isBlank(header.charAt(schemeEnd))) {
            schemeEnd++;
        }
        if (schemeEnd - start != BEARER.length() || !header.regionMatches(true, start, BEARER, 0, BEARER.length())) {
            return BearerResolution.none();
        }
        if (schemeEnd == end || header.charAt(schemeEnd) != ' ') {
            return BearerResolution.error(BearerError.MALFORMED_TOKEN);
        }
        String token = header.substring(schemeEnd + 1, end);
        return isB64Token(token) ? BearerResolution.token(token) : BearerResolution.error(BearerError.MALFORMED_TOKEN);
    }

    /** RFC 6750: {@code b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="}. */
    public static boolean isB64Token(@Nullable String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        int i = 0;
        int length = value.length();
        while (i < length && isB64Char(value.charAt(i))) {
            i++;
        }
        if (i == 0) {
            return false;
        }
        while (i < length && value.charAt(i) == '=') {
            i++;
        }
        return i == length;
    }

    private static boolean isB64Char(char c) {
        // one bit test instead of ten comparisons: bit c of B64_LOW (c < 64) or B64_HIGH (64 <= c < 128)
        long mask = c < 64 ? B64_LOW : B64_HIGH;
        return c < 128 && ((mask >>> c) & 1) != 0;
    }

    private static long b64Mask(int from) {
        long mask = 0;
        for (char c : B64_CHARS.toCharArray()) {
            if (c >= from && c < from + 64) {
                mask |= 1L << (c - from);
            }
        }
        return mask;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    private static boolean isFormPost(HttpServletRequest request) {
        if (!"POST".equals(request.getMethod())) {
            return false; // before the header lookup: most requests are not POSTs
        }
        String contentType = request.getContentType();
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(FORM_CONTENT_TYPE);
    }

    /** Whether the raw query names {@code parameter}, however its name is percent-encoded. */
    static boolean queryHasParameter(@Nullable String query, String parameter) {
        if (query == null || query.isEmpty()) {
            return false;
        }
        int start = 0;
        while (start <= query.length()) {
            int amp = query.indexOf('&', start);
            int end = amp < 0 ? query.length() : amp;
            int eq = query.indexOf('=', start);
            int nameEnd = eq >= 0 && eq < end ? eq : end;
            if (nameEquals(query, start, nameEnd, parameter)) {
                return true;
            }
            if (amp < 0) {
                return false;
            }
            start = amp + 1;
        }
        return false;
    }

    /** Compares in place; only a name holding {@code %} or {@code +} is decoded (a copy) first. */
    private static boolean nameEquals(String query, int start, int end, String parameter) {
        for (int i = start; i < end; i++) {
            char c = query.charAt(i);
            if (c == '%' || c == '+') {
                return decode(query, start, end).equals(parameter);
            }
        }
        return end - start == parameter.length() && query.startsWith(parameter, start);
    }

    private static String decode(String text, int start, int end) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(end - start);
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < end && HexFormat.isHexDigit(text.charAt(i + 1))
                    && HexFormat.isHexDigit(text.charAt(i + 2))) {
                bytes.write(HexFormat.fromHexDigit(text.charAt(i + 1)) * 16
                        + HexFormat.fromHexDigit(text.charAt(i + 2)));
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "DefaultBearerTokenResolver[allowFormBodyParameter=" + allowFormBodyParameter + "]";
    }

    /** Settings of a {@link DefaultBearerTokenResolver}. */
    public static final class Builder {

        private boolean allowFormBodyParameter;

        private Builder() {
        }

        /**
         * Whether an {@code access_token} parameter in a form-encoded {@code POST} body is accepted as the token
         * (RFC 6750 section 2.2; false by default). Turning it on makes the filter parse such bodies.
         */
        public Builder allowFormBodyParameter(boolean allow) {
            this.allowFormBodyParameter = allow;
            return this;
        }

        public DefaultBearerTokenResolver build() {
            return allowFormBodyParameter ? new DefaultBearerTokenResolver(true) : DEFAULT;
        }
    }
}
