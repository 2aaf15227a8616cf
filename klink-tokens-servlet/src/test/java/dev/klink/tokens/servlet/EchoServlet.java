package dev.klink.tokens.servlet;

import dev.klink.tokens.TokenPrincipal;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;

/**
 * Answers 200 with what the application sees of the request, one {@code key=value} per line. With the query
 * {@code require=ability} it first calls {@link TokenRequests#requireAbilities}; {@code wrap=true} rethrows the
 * failure inside a {@link ServletException}; each {@code role=x} adds {@code role.x=} {@code isUserInRole(x)}.
 */
final class EchoServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String required = request.getParameter("require");
        if (required != null) {
            try {
                TokenRequests.requireAbilities(request, required.split(","));
            } catch (InsufficientAbilitiesException e) {
                if ("true".equals(request.getParameter("wrap"))) {
                    throw new ServletException("wrapped", e);
                }
                throw e;
            }
        }
        Principal user = request.getUserPrincipal();
        StringBuilder body = new StringBuilder();
        body.append("method=").append(request.getMethod()).append('\n');
        body.append("path=").append(request.getServletPath())
                .append(request.getPathInfo() == null ? "" : request.getPathInfo()).append('\n');
        body.append("principal=").append(user == null ? "none" : user.getName()).append('\n');
        body.append("principalType=").append(user == null ? "none" : user.getClass().getSimpleName()).append('\n');
        body.append("remoteUser=").append(request.getRemoteUser()).append('\n');
        body.append("authType=").append(request.getAuthType()).append('\n');
        body.append("role.orders:read=").append(request.isUserInRole("orders:read")).append('\n');
        body.append("role.admin=").append(request.isUserInRole("admin")).append('\n');
        String[] roles = request.getParameterValues("role");
        for (String role : roles == null ? new String[0] : roles) {
            body.append("role.").append(role).append('=').append(request.isUserInRole(role)).append('\n');
        }
        TokenRequests.principal(request).ifPresent(principal -> appendToken(body, principal));
        if (request.getAttribute(TokenRequests.PRINCIPAL_ATTRIBUTE) instanceof TokenPrincipal attribute) {
            body.append("attribute=").append(attribute.tokenId()).append('\n');
        }
        response.setStatus(200);
        response.setContentType("text/plain;charset=UTF-8");
        if (!request.getMethod().equals("HEAD")) {
            response.getOutputStream().write(body.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void appendToken(StringBuilder body, TokenPrincipal principal) {
        body.append("tenant=").append(principal.tenantId()).append('\n');
        body.append("owner=").append(principal.ownerId()).append('\n');
        body.append("tokenId=").append(principal.tokenId()).append('\n');
        body.append("tokenName=").append(principal.tokenName()).append('\n');
        body.append("abilities=").append(String.join(",", new java.util.TreeSet<>(principal.abilities())))
                .append('\n');
    }
}
