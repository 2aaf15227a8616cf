package dev.klink.tokens.spring.security;

import dev.klink.tokens.servlet.DefaultBearerTokenResolver;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Matches requests that present bearer credentials: an {@code Authorization: Bearer …} header (scheme in any case),
 * or an {@code access_token} query parameter (refused later, but it must reach the token filter to be refused with
 * the right answer). Reads no body. It picks the bearer challenge over a login page for such requests; it does not
 * decide CSRF protection, which only requests authenticated by a valid token skip.
 */
final class BearerRequestMatcher implements RequestMatcher {

    static final BearerRequestMatcher INSTANCE = new BearerRequestMatcher();

    private static final String BEARER = "bearer";
    private static final String ACCESS_TOKEN = DefaultBearerTokenResolver.ACCESS_TOKEN_PARAMETER;

    private BearerRequestMatcher() {
    }

    @Override
    public boolean matches(HttpServletRequest request) {
        // scans in place, without trimmed, lower-cased or split copies: CSRF protection asks this of every
        // state-changing request
        Enumeration<String> headers = request.getHeaders("Authorization");
        while (headers != null && headers.hasMoreElements()) {
            String value = headers.nextElement();
            int start = 0;
            while (start < value.length() && Character.isWhitespace(value.charAt(start))) {
                start++;
            }
            if (value.regionMatches(true, start, BEARER, 0, BEARER.length())) {
                return true;
            }
        }
        String query = request.getQueryString();
        if (query == null) {
            return false;
        }
        for (int start = 0; ; ) {
            if (query.startsWith(ACCESS_TOKEN, start)) {
                int end = start + ACCESS_TOKEN.length();
                if (end == query.length() || query.charAt(end) == '&' || query.charAt(end) == '=') {
                    return true;
                }
            }
            int amp = query.indexOf('&', start);
            if (amp < 0) {
                return false;
            }
            start = amp + 1;
        }
    }

    @Override
    public String toString() {
        return "BearerRequestMatcher";
    }
}
