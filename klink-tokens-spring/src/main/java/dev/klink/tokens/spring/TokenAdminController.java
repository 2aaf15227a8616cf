package dev.klink.tokens.spring;

import dev.klink.tokens.InvalidTokenRequestException;
import dev.klink.tokens.TokenFormat;
import dev.klink.tokens.TokenInfo;
import dev.klink.tokens.TokenNotFoundException;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.TokenStatus;
import dev.klink.tokens.TokenStoreUnavailableException;
import dev.klink.tokens.page.KeysetPage;
import dev.klink.tokens.servlet.BearerError;
import dev.klink.tokens.servlet.BearerErrorResponder;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * REST endpoints with which a tenant's administrators see and control every token of their tenant, under
 * {@code {management path}/admin} (default {@code /api/tokens/admin}):
 *
 * <ul>
 * <li>{@code GET {path}/admin?owner=&status=&cursor=&size=}: the tenant's tokens of every owner, newest first, with
 * their owner; {@code status} is {@code active}, {@code expired} or {@code revoked} (rotated included);
 * {@code nextCursor} of the answer fetches the next page (absent on the last), which costs the same however deep it
 * lies;</li>
 * <li>{@code GET {path}/admin/{id}}: one token of the tenant;</li>
 * <li>{@code DELETE {path}/admin/{id}}: revokes it; 204;</li>
 * <li>{@code DELETE {path}/admin/owners/{ownerId}/tokens}: revokes every token of one owner (offboarding);
 * 200 with how many changed.</li>
 * </ul>
 *
 * Only signed-in users whom {@link TokenAdmins} names (by default those holding
 * {@code klink.tokens.management.admin-authority}, {@code ROLE_TOKENS_ADMIN}) may call them; others get 403
 * {@code admin_required}, and a request authenticated by a personal access token 403 {@code login_required}. The
 * tenant is the administrator's own, from the {@link TokenOwnerResolver}, never from the request: another tenant's
 * token answers 404 exactly as an unknown id does, and another tenant's owner has no tokens here. Every revocation
 * records the administrator's name as {@code revokedBy} and emits a {@code TokenEvent} ({@code Revoked},
 * {@code BulkRevoked}). A malformed or changed cursor, an unknown status or a size out of range is answered 400
 * {@code invalid_request} naming the parameter.
 */
@RestController
@RequestMapping("${klink.tokens.management.path:/api/tokens}/admin")
public final class TokenAdminController {

    private static final Logger log = LoggerFactory.getLogger(TokenAdminController.class);
    private static final int DEFAULT_PAGE_SIZE = 20;
    private static final int MAX_PAGE_SIZE = 100;
    private static final CacheControl NO_STORE = CacheControl.noStore();
    static final String REVOKE_REASON = "revoked by a tenant admin";
    static final String OFFBOARD_REASON = "owner offboarded by a tenant admin";

    private final TokenService tokens;
    private final TokenOwnerResolver owners;
    private final TokenAdmins admins;
    private final BearerErrorResponder responder;

    public TokenAdminController(TokenService tokens, TokenOwnerResolver owners, TokenAdmins admins,
            BearerErrorResponder responder) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.owners = Objects.requireNonNull(owners, "owners");
        this.admins = Objects.requireNonNull(admins, "admins");
        this.responder = Objects.requireNonNull(responder, "responder");
    }

    /** A token as an administrator sees it: with its owner and who revoked it; never a hash, never the secret. */
    public record AdminTokenView(String id, String hint, String ownerId, String name, List<String> abilities,
            TokenStatus status, Instant createdAt, @Nullable Instant expiresAt, @Nullable Instant lastUsedAt,
            @Nullable String lastUsedIp, @Nullable Instant revokedAt, @Nullable String revokedBy,
            @Nullable String revokeReason, @Nullable String rotatedFromId, @Nullable String rotatedToId) {

        static AdminTokenView of(TokenInfo info) {
            return new AdminTokenView(info.id(), info.hint(), info.ownerId(), info.name(),
                    info.abilities().stream().sorted().toList(), info.status(), info.createdAt(), info.expiresAt(),
                    info.lastUsedAt(), info.lastUsedIp(), info.revokedAt(), info.revokedBy(), info.revokeReason(),
                    info.rotatedFromId(), info.rotatedToId());
        }
    }

    /** One page of the tenant's tokens; {@code nextCursor} is {@code null} on the last page. */
    public record AdminTokenPage(String tenantId, List<AdminTokenView> items, @Nullable String nextCursor) {
    }

    /** The answer to an offboarding: how many of the owner's tokens were revoked by it. */
    public record OffboardResult(String ownerId, int revoked) {
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<AdminTokenPage> list(HttpServletRequest request,
            @RequestParam(name = "owner", required = false) @Nullable String owner,
            @RequestParam(name = "status", required = false) @Nullable String status,
            @RequestParam(name = "cursor", required = false) @Nullable String cursor,
            @RequestParam(name = "size", required = false) @Nullable String size) {
        TokenOwner admin = admin(request);
        int pageSize = size(size);
        TokenStatus wanted = status(status);
        KeysetPage<TokenInfo> page;
        try {
            page = tokens.listByTenant(admin.tenantId(), blankToNull(owner), wanted, blankToNull(cursor), pageSize);
        } catch (InvalidTokenRequestException e) {
            // the service names its argument; point at the query parameter the client sent
            throw e.field().equals("ownerId")
                    ? new InvalidTokenRequestException("owner", Objects.requireNonNullElse(e.getMessage(), ""))
                    : e;
        }
        AdminTokenPage body = new AdminTokenPage(admin.tenantId(),
                page.items().stream().map(AdminTokenView::of).toList(), page.nextCursor());
        return ResponseEntity.ok().cacheControl(NO_STORE).body(body);
    }

    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<AdminTokenView> get(HttpServletRequest request, @PathVariable("id") String id) {
        TokenOwner admin = admin(request);
        return ResponseEntity.ok().cacheControl(NO_STORE).body(AdminTokenView.of(tenantToken(admin, id)));
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> revoke(HttpServletRequest request, @PathVariable("id") String id) {
        TokenOwner admin = admin(request);
        tenantToken(admin, id);
        tokens.revoke(admin.tenantId(), id, actor(request, admin), REVOKE_REASON);
        return ResponseEntity.noContent().cacheControl(NO_STORE).build();
    }

    @DeleteMapping(path = "/owners/{ownerId}/tokens", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<OffboardResult> offboard(HttpServletRequest request,
            @PathVariable("ownerId") String ownerId) {
        TokenOwner admin = admin(request);
        int revoked = tokens.revokeAllForOwner(admin.tenantId(), ownerId, actor(request, admin), OFFBOARD_REASON);
        return ResponseEntity.ok().cacheControl(NO_STORE).body(new OffboardResult(ownerId, revoked));
    }

    private TokenInfo tenantToken(TokenOwner admin, String id) {
        if (!TokenFormat.isValidId(id)) {
            throw new TokenNotFoundException(id);
        }
        return tokens.get(admin.tenantId(), id).orElseThrow(() -> new TokenNotFoundException(id));
    }

    /**
     * The signed-in administrator and their tenant: a token request is refused before anything is asked, nobody
     * signed in is 401, a signed-in user who is no administrator 403.
     */
    private TokenOwner admin(HttpServletRequest request) {
        if (TokenAuthenticatedRequests.isTokenAuthenticated(request)) {
            throw new TokenManagementController.LoginRequiredException();
        }
        Optional<TokenOwner> owner = owners.resolve(request);
        if (owner.isEmpty()) {
            throw new TokenManagementController.NotLoggedInException();
        }
        if (!admins.isAdmin(request)) {
            throw new AdminRequiredException();
        }
        return owner.get();
    }

    /** The administrator's name for the audit trail, as the management endpoints record their users. */
    private static String actor(HttpServletRequest request, TokenOwner admin) {
        Principal user = request.getUserPrincipal();
        return user == null || user.getName() == null || user.getName().isBlank() ? admin.ownerId() : user.getName();
    }

    private static @Nullable TokenStatus status(@Nullable String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        return switch (status.strip().toLowerCase(Locale.ROOT)) {
            case "active" -> TokenStatus.ACTIVE;
            case "expired" -> TokenStatus.EXPIRED;
            case "revoked" -> TokenStatus.REVOKED;
            default -> throw new InvalidTokenRequestException("status", "status must be active, expired or revoked");
        };
    }

    private static int size(@Nullable String size) {
        if (size == null || size.isBlank()) {
            return DEFAULT_PAGE_SIZE;
        }
        try {
            int parsed = Integer.parseInt(size.strip());
            if (parsed >= 1 && parsed <= MAX_PAGE_SIZE) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidTokenRequestException("size", "size must be a whole number from 1 to " + MAX_PAGE_SIZE);
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    // ---------------------------------------------------------------- errors

    /** The signed-in user administers no tokens. */
    static final class AdminRequiredException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AdminRequiredException() {
            super("Only administrators of the tenant's tokens may do this", null, false, false);
        }
    }

    @ExceptionHandler(AdminRequiredException.class)
    ResponseEntity<Map<String, Object>> adminRequired(AdminRequiredException e) {
        return TokenManagementController.problem(HttpStatus.FORBIDDEN, "admin_required", e.getMessage(), null);
    }

    @ExceptionHandler(TokenManagementController.NotLoggedInException.class)
    ResponseEntity<byte[]> notLoggedIn() {
        BearerError error = BearerError.MISSING_TOKEN;
        return ResponseEntity.status(error.status())
                .header(HttpHeaders.WWW_AUTHENTICATE, Objects.requireNonNull(responder.wwwAuthenticate(error, List.of())))
                .cacheControl(NO_STORE)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(responder.body(error));
    }

    @ExceptionHandler(TokenManagementController.LoginRequiredException.class)
    ResponseEntity<Map<String, Object>> loginRequired(TokenManagementController.LoginRequiredException e) {
        return TokenManagementController.problem(HttpStatus.FORBIDDEN, "login_required", e.getMessage(), null);
    }

    @ExceptionHandler(InvalidTokenRequestException.class)
    ResponseEntity<Map<String, Object>> invalid(InvalidTokenRequestException e) {
        return TokenManagementController.problem(HttpStatus.BAD_REQUEST, "invalid_request", e.getMessage(),
                e.field());
    }

    @ExceptionHandler(TokenNotFoundException.class)
    ResponseEntity<Map<String, Object>> notFound() {
        return TokenManagementController.problem(HttpStatus.NOT_FOUND, "token_not_found",
                "Your tenant has no token with this id", null);
    }

    @ExceptionHandler(TokenStoreUnavailableException.class)
    ResponseEntity<Map<String, Object>> unavailable(TokenStoreUnavailableException e) {
        log.warn("Token store unavailable during a tenant admin request: {}", e.toString());
        ResponseEntity<Map<String, Object>> problem = TokenManagementController.problem(
                HttpStatus.SERVICE_UNAVAILABLE, "token_store_unavailable",
                "Tokens are temporarily unavailable; try again shortly", null);
        return ResponseEntity.status(problem.getStatusCode()).headers(problem.getHeaders())
                .header(HttpHeaders.RETRY_AFTER, Integer.toString(BearerErrorResponder.RETRY_AFTER_SECONDS))
                .body(problem.getBody());
    }

    @Override
    public String toString() {
        return "TokenAdminController[" + admins + "]";
    }
}
