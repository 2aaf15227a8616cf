package dev.klink.tokens.spring.autoconfigure;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;

/**
 * Answers requests for exactly one path of the application with a servlet, before Spring Security and the klink
 * filter see them: the introspection and forward-auth endpoints authenticate their callers themselves, and a
 * session, CSRF token or login page means nothing to a gateway or a resource server. Any other path, including
 * another spelling of this one ({@code /path/}, {@code /path;x}), passes on untouched.
 */
final class EndpointFilter implements Filter {

    private final String path;
    private final HttpServlet endpoint;

    EndpointFilter(String path, HttpServlet endpoint) {
        this.path = path;
        this.endpoint = endpoint;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!(req instanceof HttpServletRequest request)) {
            chain.doFilter(req, response);
            return;
        }
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        if (uri.length() == context.length() + path.length() && uri.startsWith(context) && uri.endsWith(path)) {
            endpoint.service(request, response);
        } else {
            chain.doFilter(request, response);
        }
    }

    /** The path, checked as a property: absolute, without a query, dot segments or characters needing escapes. */
    static String checkedPath(String property, String path) {
        if (!path.matches("(/[A-Za-z0-9._~-]+)+") || path.matches(".*/\\.\\.?(/.*)?")) {
            throw PropertyChecks.invalid(property, path, "must be an absolute path such as /auth/verify, without "
                    + "dot segments, a query or characters that need escaping");
        }
        return path;
    }

    @Override
    public String toString() {
        return "EndpointFilter[" + path + " -> " + endpoint + "]";
    }
}
