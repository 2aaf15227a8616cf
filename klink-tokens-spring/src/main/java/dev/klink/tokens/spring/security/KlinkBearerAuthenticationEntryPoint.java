package dev.klink.tokens.spring.security;

import dev.klink.tokens.servlet.BearerError;
import dev.klink.tokens.servlet.BearerErrorResponder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Asks for a bearer token: 401 with {@code WWW-Authenticate: Bearer realm="…"} and the {@code missing_token}
 * problem, or the error a {@link KlinkTokenAuthenticationException} carries; exactly the servlet filter's response.
 */
public final class KlinkBearerAuthenticationEntryPoint implements AuthenticationEntryPoint {

    private final BearerErrorResponder responder;

    public KlinkBearerAuthenticationEntryPoint(BearerErrorResponder responder) {
        this.responder = Objects.requireNonNull(responder, "responder");
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException exception) throws IOException {
        BearerError error = exception instanceof KlinkTokenAuthenticationException refused ? refused.error()
                : BearerError.MISSING_TOKEN;
        responder.write(response, error, List.of());
    }
}
