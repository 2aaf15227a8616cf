package dev.klink.tokens.spring;

import dev.klink.tokens.AbilityCatalog;
import dev.klink.tokens.AbilityDefinition;
import dev.klink.tokens.InvalidTokenRequestException;
import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.IssuedToken;
import dev.klink.tokens.page.Page;
import dev.klink.tokens.page.PageRequest;
import dev.klink.tokens.spi.IpAllowlist;
import dev.klink.tokens.TokenFormat;
import dev.klink.tokens.TokenInfo;
import dev.klink.tokens.TokenLimitExceededException;
import dev.klink.tokens.TokenNotFoundException;
import dev.klink.tokens.TokenPolicy;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.TokenStatus;
import dev.klink.tokens.TokenStoreUnavailableException;
import dev.klink.tokens.servlet.BearerError;
import dev.klink.tokens.servlet.BearerErrorResponder;
import dev.klink.tokens.spi.DailyUsage;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * REST endpoints with which the logged-in user manages their own tokens, under {@code klink.tokens.management.path}
 * (default {@code /api/tokens}):
 *
 * <ul>
 * <li>{@code GET {path}?page=0&size=20}: the user's tokens, newest first, in every status;</li>
 * <li>{@code GET {path}/{id}}: one of them;</li>
 * <li>{@code POST {path}} {@code {"name", "abilities", "expiresAt" | "expiresInDays" | "neverExpires", "allowedIps"}}:
 * issues a token ({@code allowedIps}: CIDR ranges it may be used from); 201 with the plaintext, the only time it
 * is shown;</li>
 * <li>{@code DELETE {path}/{id}}: revokes it; 204;</li>
 * <li>{@code POST {path}/{id}/rotate}: replaces it with a new token; 201 with the plaintext;</li>
 * <li>{@code GET {path}/abilities}: the ability catalog and the policy's limits, for a form;</li>
 * <li>{@code GET {path}/{id}/usage}: its successful verifications on each of the last 30 UTC days, oldest first
 * ({@code {"days":[{"date":"2026-11-01","count":3},...],"total":3}}).</li>
 * </ul>
 *
 * Another owner's or another tenant's token answers 404, as an unknown one does. Errors are
 * {@code application/problem+json} with a stable {@code code} (and {@code field} for invalid input). Every endpoint
 * answers a request authenticated by a personal access token 403 {@code login_required}: a token can neither mint a
 * wider token, nor rotate itself, nor list or revoke its siblings. The tenant and owner come from the
 * {@link TokenOwnerResolver}, never from the request; revocations and rotations are recorded as done by the
 * signed-in user's name. A body larger than the limit is answered 413
 * {@code request_too_large}; a missing, {@code null} or mistyped field 400 {@code invalid_request} naming it.
 */
@RestController
@RequestMapping("${klink.tokens.management.path:/api/tokens}")
public final class TokenManagementController {

    private static final Logger log = LoggerFactory.getLogger(TokenManagementController.class);
    private static final int DEFAULT_PAGE_SIZE = 20;
    private static final int MAX_PAGE_SIZE = 100;
    private static final CacheControl NO_STORE = CacheControl.noStore();
    private static final JsonMapper BODY_READER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final TokenService tokens;
    private final TokenOwnerResolver owners;
    private final BearerErrorResponder responder;
    private final Duration rotateGrace;
    private final String basePath;
    private final int maxBodyBytes;

    /**
     * @param rotateGrace how long a rotated token keeps working
     * @param basePath the path the endpoints are mapped to, for {@code Location} headers
     * @param maxBodyBytes the largest request body read; a larger one is answered 413
     */
    public TokenManagementController(TokenService tokens, TokenOwnerResolver owners, BearerErrorResponder responder,
            Duration rotateGrace, String basePath, int maxBodyBytes) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.owners = Objects.requireNonNull(owners, "owners");
        this.responder = Objects.requireNonNull(responder, "responder");
        this.rotateGrace = Objects.requireNonNull(rotateGrace, "rotateGrace");
        this.basePath = Objects.requireNonNull(basePath, "basePath");
        if (maxBodyBytes < 1 || maxBodyBytes == Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxBodyBytes must be from 1 to " + (Integer.MAX_VALUE - 1)
                    + ", was " + maxBodyBytes);
        }
        this.maxBodyBytes = maxBodyBytes;
    }

    /** A token as the list shows it: never a hash, never the secret. */
    public record TokenView(String id, String hint, String name, List<String> abilities, TokenStatus status,
            Instant createdAt, @Nullable Instant expiresAt, @Nullable Instant lastUsedAt, @Nullable String lastUsedIp,
            @Nullable Instant revokedAt, @Nullable String rotatedFromId, @Nullable String rotatedToId,
            List<String> allowedIps) {

        static TokenView of(TokenInfo info) {
            return new TokenView(info.id(), info.hint(), info.name(), info.abilities().stream().sorted().toList(),
                    info.status(), info.createdAt(), info.expiresAt(), info.lastUsedAt(), info.lastUsedIp(),
                    info.revokedAt(), info.rotatedFromId(), info.rotatedToId(), info.allowedIps());
        }
    }

    /** A newly issued token: {@code token} is the plaintext, shown this once. */
    public record IssuedTokenView(String token, String id, String hint, String name, List<String> abilities,
            TokenStatus status, Instant createdAt, @Nullable Instant expiresAt, @Nullable String rotatedFromId,
            List<String> allowedIps) {

        static IssuedTokenView of(IssuedToken issued) {
            TokenInfo info = issued.info();
            return new IssuedTokenView(issued.plaintext(), info.id(), info.hint(), info.name(),
                    info.abilities().stream().sorted().toList(), info.status(), info.createdAt(), info.expiresAt(),
                    info.rotatedFromId(), info.allowedIps());
        }

        @Override
        public String toString() {
            return "IssuedTokenView[token=<redacted>, id=" + id + ", name=" + name + "]";
        }
    }

    public record TokenPage(List<TokenView> items, int page, int size, long totalItems, long totalPages) {
    }

    /**
     * The body of {@code POST {path}}; give at most one of the three expiry fields (none: the default lifetime). An
     * absent field is {@code null} here; a field sent as JSON {@code null} is refused. {@code allowedIps}: the CIDR
     * ranges the token may be used from (absent or empty: any address).
     */
    public record IssueTokenBody(@Nullable String name, @Nullable List<String> abilities, @Nullable String expiresAt,
            @Nullable Integer expiresInDays, @Nullable Boolean neverExpires, @Nullable List<String> allowedIps) {

        /** Reads a JSON object, checking the type of every field; {@code field} of the exception names the culprit. */
        static IssueTokenBody parse(byte[] json, int maxAbilities) {
            JsonNode body;
            try {
                body = BODY_READER.readTree(json);
            } catch (JacksonException e) {
                body = null;
            }
            if (body == null || !body.isObject()) {
                throw new InvalidTokenRequestException("body", "The request body must be a JSON object");
            }
            JsonNode expiresInDays = field(body, "expiresInDays");
            if (expiresInDays != null && !(expiresInDays.isIntegralNumber() && expiresInDays.canConvertToInt())) {
                throw new InvalidTokenRequestException("expiresInDays", "expiresInDays must be a whole number");
            }
            JsonNode neverExpires = field(body, "neverExpires");
            if (neverExpires != null && !neverExpires.isBoolean()) {
                throw new InvalidTokenRequestException("neverExpires", "neverExpires must be true or false");
            }
            return new IssueTokenBody(string(body, "name"), abilities(body, maxAbilities), string(body, "expiresAt"),
                    expiresInDays == null ? null : expiresInDays.intValue(),
                    neverExpires == null ? null : neverExpires.booleanValue(), allowedIps(body));
        }

        /** The listed CIDR ranges, refused before they are read when there are more than a token may hold. */
        private static @Nullable List<String> allowedIps(JsonNode body) {
            JsonNode node = field(body, "allowedIps");
            if (node == null) {
                return null;
            }
            if (!node.isArray()) {
                throw new InvalidTokenRequestException("allowedIps", "allowedIps must be an array of strings");
            }
            if (node.size() > IpAllowlist.MAX_RANGES) {
                throw new InvalidTokenRequestException("allowedIps", "At most " + IpAllowlist.MAX_RANGES
                        + " IP ranges are allowed, was " + node.size());
            }
            List<String> ranges = new ArrayList<>(node.size());
            for (JsonNode range : node) {
                if (!range.isString()) {
                    throw new InvalidTokenRequestException("allowedIps", "allowedIps must be an array of strings, "
                            + "without null");
                }
                ranges.add(range.asString());
            }
            return ranges;
        }

        /** The field's node, or {@code null} when absent; JSON {@code null} is refused. */
        private static @Nullable JsonNode field(JsonNode body, String name) {
            JsonNode node = body.get(name);
            if (node != null && node.isNull()) {
                throw new InvalidTokenRequestException(name, name + " must not be null; leave it out instead");
            }
            return node;
        }

        private static @Nullable String string(JsonNode body, String name) {
            JsonNode node = field(body, name);
            if (node != null && !node.isString()) {
                throw new InvalidTokenRequestException(name, name + " must be a string");
            }
            return node == null ? null : node.asString();
        }

        /** The listed abilities, refused before they are read when there are more than the policy allows. */
        private static @Nullable List<String> abilities(JsonNode body, int maxAbilities) {
            JsonNode node = field(body, "abilities");
            if (node == null) {
                return null;
            }
            if (!node.isArray()) {
                throw new InvalidTokenRequestException("abilities", "abilities must be an array of strings");
            }
            if (node.size() > maxAbilities) {
                throw new InvalidTokenRequestException("abilities", "A token may hold at most " + maxAbilities
                        + " abilities, were " + node.size());
            }
            List<String> abilities = new ArrayList<>(node.size());
            for (JsonNode ability : node) {
                if (!ability.isString()) {
                    throw new InvalidTokenRequestException("abilities", "abilities must be an array of strings, "
                            + "without null");
                }
                abilities.add(ability.asString());
            }
            return abilities;
        }
    }

    public record AbilityView(String name, String description, List<String> implies) {
    }

    /** What a token form needs: the abilities to choose from and the policy's limits. */
    public record AbilitiesView(boolean unrestricted, List<AbilityView> abilities, long maxLifetimeDays,
            Duration maxLifetime, long defaultLifetimeDays, boolean allowNeverExpires, int maxActiveTokensPerOwner) {
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<TokenPage> list(HttpServletRequest request,
            @RequestParam(name = "page", required = false) @Nullable String page,
            @RequestParam(name = "size", required = false) @Nullable String size) {
        TokenOwner owner = owner(request);
        int pageNumber = intParameter("page", page, 0, 0, Integer.MAX_VALUE);
        int pageSize = intParameter("size", size, DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
        Page<TokenInfo> found = tokens.listByOwner(owner.tenantId(), owner.ownerId(),
                PageRequest.of(pageNumber, pageSize));
        TokenPage body = new TokenPage(found.items().stream().map(TokenView::of).toList(), found.page(),
                found.size(), found.totalItems(), found.totalPages());
        return ResponseEntity.ok().cacheControl(NO_STORE).body(body);
    }

    @GetMapping(path = "/abilities", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<AbilitiesView> abilities(HttpServletRequest request) {
        owner(request);
        AbilityCatalog catalog = tokens.catalog();
        TokenPolicy policy = tokens.policy();
        List<AbilityView> abilities = catalog.definitions().stream().map(TokenManagementController::view).toList();
        return ResponseEntity.ok().cacheControl(NO_STORE).body(new AbilitiesView(catalog.isUnrestricted(),
                abilities, policy.maxLifetime().toDays(), policy.maxLifetime(), policy.defaultLifetime().toDays(),
                policy.allowNeverExpires(), policy.maxActiveTokensPerOwner()));
    }

    private static AbilityView view(AbilityDefinition definition) {
        return new AbilityView(definition.name(), definition.description(),
                definition.implies().stream().sorted().toList());
    }

    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<TokenView> get(HttpServletRequest request, @PathVariable("id") String id) {
        TokenOwner owner = owner(request);
        return ResponseEntity.ok().cacheControl(NO_STORE).body(TokenView.of(ownToken(owner, id)));
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<IssuedTokenView> issue(HttpServletRequest request) throws IOException {
        TokenOwner owner = owner(request);
        IssueTokenBody body = IssueTokenBody.parse(body(request), tokens.policy().maxAbilitiesPerToken());
        IssueRequest.Builder builder = IssueRequest.builder(owner.tenantId(), owner.ownerId())
                .name(body.name() == null ? "" : body.name())
                .abilities(body.abilities() == null ? List.of() : body.abilities())
                .allowedIps(body.allowedIps() == null ? List.of() : body.allowedIps());
        String expiryField = expiry(builder, body);
        IssuedToken issued;
        try {
            issued = tokens.issue(builder.build());
        } catch (InvalidTokenRequestException e) {
            // the core names the expiry "expiresAt"; point at the field the client actually sent
            if (e.field().equals("expiresAt") && !expiryField.equals("expiresAt")) {
                throw new InvalidTokenRequestException(expiryField, Objects.requireNonNullElse(e.getMessage(), ""));
            }
            throw e;
        }
        return created(issued);
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> revoke(HttpServletRequest request, @PathVariable("id") String id) {
        TokenOwner owner = owner(request);
        ownToken(owner, id);
        tokens.revoke(owner.tenantId(), id, actor(request, owner), "revoked by its owner");
        return ResponseEntity.noContent().cacheControl(NO_STORE).build();
    }

    @PostMapping(path = "/{id}/rotate", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<IssuedTokenView> rotate(HttpServletRequest request, @PathVariable("id") String id) {
        TokenOwner owner = owner(request);
        ownToken(owner, id);
        return created(tokens.rotate(owner.tenantId(), id, rotateGrace, actor(request, owner)));
    }

    /** Successful verifications of one UTC day. */
    public record UsageDayView(LocalDate date, long count) {
    }

    /** A token's successful verifications on each of the last 30 UTC days, oldest first, and their sum. */
    public record UsageView(List<UsageDayView> days, long total) {

        static UsageView of(List<DailyUsage> days) {
            return new UsageView(days.stream().map(day -> new UsageDayView(day.day(), day.count())).toList(),
                    days.stream().mapToLong(DailyUsage::count).sum());
        }
    }

    @GetMapping(path = "/{id}/usage", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<UsageView> usage(HttpServletRequest request, @PathVariable("id") String id) {
        TokenOwner owner = owner(request);
        ownToken(owner, id);
        List<DailyUsage> days = tokens.usageByDay(owner.tenantId(), id)
                .orElseThrow(() -> new TokenNotFoundException(id));
        return ResponseEntity.ok().cacheControl(NO_STORE).body(UsageView.of(days));
    }

    /**
     * Who acted, for the audit trail ({@code revokedBy}, the service's log and events): the signed-in user's name,
     * which a {@link TokenOwnerResolver} may map to another owner id (a user id, an account the user administers).
     */
    private static String actor(HttpServletRequest request, TokenOwner owner) {
        Principal user = request.getUserPrincipal();
        return user == null || user.getName() == null || user.getName().isBlank() ? owner.ownerId() : user.getName();
    }

    private ResponseEntity<IssuedTokenView> created(IssuedToken issued) {
        return ResponseEntity.created(URI.create(basePath + "/" + issued.info().id())).cacheControl(NO_STORE)
                .body(IssuedTokenView.of(issued));
    }

    /** Applies the one expiry field given; returns its name for error messages. */
    private static String expiry(IssueRequest.Builder builder, IssueTokenBody body) {
        int given = (body.expiresAt() != null ? 1 : 0) + (body.expiresInDays() != null ? 1 : 0)
                + (Boolean.TRUE.equals(body.neverExpires()) ? 1 : 0);
        if (given > 1) {
            throw new InvalidTokenRequestException("expiresAt", "Give at most one of expiresAt, expiresInDays and "
                    + "neverExpires");
        }
        if (body.expiresAt() != null) {
            try {
                builder.expiresAt(Instant.parse(body.expiresAt()));
            } catch (DateTimeParseException e) {
                throw new InvalidTokenRequestException("expiresAt", "expiresAt must be an ISO-8601 instant such as "
                        + "2026-12-31T23:59:59Z");
            }
            return "expiresAt";
        }
        if (body.expiresInDays() != null) {
            if (body.expiresInDays() < 1) {
                throw new InvalidTokenRequestException("expiresInDays", "expiresInDays must be at least 1, was "
                        + body.expiresInDays());
            }
            builder.expiresInDays(body.expiresInDays());
            return "expiresInDays";
        }
        if (Boolean.TRUE.equals(body.neverExpires())) {
            builder.neverExpires();
            return "neverExpires";
        }
        return "expiresAt";
    }

    private TokenInfo ownToken(TokenOwner owner, String id) {
        if (!TokenFormat.isValidId(id)) {
            throw new TokenNotFoundException(id);
        }
        return tokens.get(owner.tenantId(), id).filter(info -> info.ownerId().equals(owner.ownerId()))
                .orElseThrow(() -> new TokenNotFoundException(id));
    }

    /** The signed-in user's tenant and owner; a request authenticated by a token is refused before any resolver. */
    private TokenOwner owner(HttpServletRequest request) {
        if (TokenAuthenticatedRequests.isTokenAuthenticated(request)) {
            throw new LoginRequiredException();
        }
        Optional<TokenOwner> owner = owners.resolve(request);
        return owner.orElseThrow(NotLoggedInException::new);
    }

    /** The request body, at most {@link #maxBodyBytes} long. */
    private byte[] body(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > maxBodyBytes) {
            throw new BodyTooLargeException(maxBodyBytes);
        }
        byte[] body = request.getInputStream().readNBytes(maxBodyBytes + 1);
        if (body.length > maxBodyBytes) {
            throw new BodyTooLargeException(maxBodyBytes);
        }
        return body;
    }

    private static int intParameter(String name, @Nullable String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidTokenRequestException(name, name + " must be a whole number from " + min + " to " + max);
    }

    // ---------------------------------------------------------------- errors

    /** Nobody is logged in. */
    static final class NotLoggedInException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotLoggedInException() {
            super("Nobody is logged in", null, false, false);
        }
    }

    /** The request was authenticated by a personal access token. */
    static final class LoginRequiredException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LoginRequiredException() {
            super("Managing tokens needs a signed-in user, not a personal access token", null, false, false);
        }
    }

    /** The request body is larger than the limit. */
    static final class BodyTooLargeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BodyTooLargeException(int limit) {
            super("The request body must not be larger than " + limit + " bytes", null, false, false);
        }
    }

    @ExceptionHandler(BodyTooLargeException.class)
    ResponseEntity<Map<String, Object>> tooLarge(BodyTooLargeException e) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, "request_too_large", e.getMessage(), null);
    }

    @ExceptionHandler(NotLoggedInException.class)
    ResponseEntity<byte[]> notLoggedIn() {
        BearerError error = BearerError.MISSING_TOKEN;
        return ResponseEntity.status(error.status())
                .header(HttpHeaders.WWW_AUTHENTICATE, Objects.requireNonNull(responder.wwwAuthenticate(error, List.of())))
                .cacheControl(NO_STORE)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(responder.body(error));
    }

    @ExceptionHandler(LoginRequiredException.class)
    ResponseEntity<Map<String, Object>> loginRequired(LoginRequiredException e) {
        return problem(HttpStatus.FORBIDDEN, "login_required", e.getMessage(), null);
    }

    @ExceptionHandler(InvalidTokenRequestException.class)
    ResponseEntity<Map<String, Object>> invalid(InvalidTokenRequestException e) {
        if (e.field().equals("id")) {
            return problem(HttpStatus.CONFLICT, "token_not_active", e.getMessage(), null);
        }
        return problem(HttpStatus.BAD_REQUEST, "invalid_request", e.getMessage(), e.field());
    }

    @ExceptionHandler(TokenNotFoundException.class)
    ResponseEntity<Map<String, Object>> notFound() {
        return problem(HttpStatus.NOT_FOUND, "token_not_found", "You have no token with this id", null);
    }

    @ExceptionHandler(TokenLimitExceededException.class)
    ResponseEntity<Map<String, Object>> limit(TokenLimitExceededException e) {
        return problem(HttpStatus.CONFLICT, "token_limit_exceeded", e.getMessage(), null);
    }

    @ExceptionHandler(TokenStoreUnavailableException.class)
    ResponseEntity<Map<String, Object>> unavailable(TokenStoreUnavailableException e) {
        log.warn("Token store unavailable during a management request: {}", e.toString());
        ResponseEntity<Map<String, Object>> problem = problem(HttpStatus.SERVICE_UNAVAILABLE,
                "token_store_unavailable", "Tokens are temporarily unavailable; try again shortly", null);
        return ResponseEntity.status(problem.getStatusCode()).headers(problem.getHeaders())
                .header(HttpHeaders.RETRY_AFTER, Integer.toString(BearerErrorResponder.RETRY_AFTER_SECONDS))
                .body(problem.getBody());
    }

    /** An RFC 9457 body with {@code code} (and {@code field}); shared with {@link TokenAdminController}. */
    static ResponseEntity<Map<String, Object>> problem(HttpStatus status, String code,
            @Nullable String detail, @Nullable String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", status.getReasonPhrase());
        body.put("status", status.value());
        body.put("detail", detail == null ? status.getReasonPhrase() : detail);
        body.put("code", code);
        if (field != null) {
            body.put("field", field);
        }
        return ResponseEntity.status(status).cacheControl(NO_STORE).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(body);
    }

    @Override
    public String toString() {
        return "TokenManagementController[" + basePath + "]";
    }
}
