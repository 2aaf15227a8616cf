package dev.klink.tokens.spring.security;

import dev.klink.tokens.servlet.BearerAuthenticator;
import dev.klink.tokens.servlet.BearerError;
import dev.klink.tokens.servlet.BearerErrorResponder;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.springframework.security.web.firewall.HttpStatusRequestRejectedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Answers a request Spring Security's firewall refused for its path (encoded line feeds, U+2028, {@code ..}
 * segments …) with 400 {@code invalid_path}, exactly as the servlet filter answers it (row 11 of the error table).
 * Rejections for other reasons (a header, a method) get the plain 400 of {@link HttpStatusRequestRejectedHandler}.
 */
public final class KlinkRequestRejectedHandler implements RequestRejectedHandler {

    private final BearerErrorResponder responder;
    private final RequestRejectedHandler otherwise = new HttpStatusRequestRejectedHandler();

    public KlinkRequestRejectedHandler(BearerErrorResponder responder) {
        this.responder = Objects.requireNonNull(responder, "responder");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejected)
            throws IOException, ServletException {
        if (!BearerAuthenticator.hasAmbiguousPath(request)
                || !responder.write(response, BearerError.INVALID_PATH, List.of())) {
            otherwise.handle(request, response, rejected);
        }
    }
}
