package dev.klink.tokens.spring.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;
import java.util.Locale;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Matches requests that present bearer credentials: an {@code Authorization: Bearer …} header (scheme in any case),
 * or an {@code access_token} query parameter (refused later, but it must reach the token filter to be refused with
 * the right answer). Reads no body.
 */
final class BearerRequestMatcher implements RequestMatcher {

    static final BearerRequestMatcher INSTANCE = new BearerRequestMatcher();

    private BearerRequestMatcher() {
    }

    @Override
    public boolean matches(HttpServletRequest request) {
        Enumeration<String> headers = request.getHeaders("Authorization");
        while (headers != null && headers.hasMoreElements()) {
            String value = headers.nextElement().strip();
            if (value.length() >= 6 && value.substring(0, 6).toLowerCase(Locale.ROOT).equals("bearer")) {
                return true;
            }
        }
        String query = request.getQueryString();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.equals("access_token") || pair.startsWith("access_token=")) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "BearerRequestMatcher";
    }
}
