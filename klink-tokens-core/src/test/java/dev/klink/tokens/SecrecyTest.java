package dev.klink.tokens;

import static dev.klink.tokens.VerificationResults.failureOf;
import static dev.klink.tokens.TokenHasherTest.KEY;
import static dev.klink.tokens.TokenHasherTest.OLDER_KEY;
import static dev.klink.tokens.TokenHasherTest.key;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import dev.klink.tokens.page.PageRequest;
import dev.klink.tokens.spi.StoredToken;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Runs a full lifecycle with every logger at TRACE and checks that no plaintext token, secret part, stored hash or
 * HMAC key shows up in a log line, an exception message or the {@code toString()} of a public type. Failures name
 * where a secret leaked and what kind it was, never the secret itself, so the test output stays clean too.
 */
class SecrecyTest {

    private final TestClock clock = new TestClock();
    private final CountingTokenStore store = new CountingTokenStore();
    private final List<TokenEvent> events = new CopyOnWriteArrayList<>();
    /** Secret value -> what it is (for the failure message). */
    private final Map<String, String> secrets = new LinkedHashMap<>();
    /** Where a text came from -> the text. */
    private final List<Map.Entry<String, String>> texts = new ArrayList<>();

    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private final List<Appender<ILoggingEvent>> detached = new ArrayList<>();
    private Logger root;
    private Level previousLevel;

    @BeforeEach
    void captureEverythingAtTrace() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        previousLevel = root.getLevel();
        // keep the console quiet while everything is captured in memory
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            detached.add(it.next());
        }
        detached.forEach(root::detachAppender);
        captured.setContext(context);
        captured.start();
        root.addAppender(captured);
        root.setLevel(Level.TRACE);
        context.getLogger("dev.klink").setLevel(Level.TRACE);
    }

    @AfterEach
    void restoreLogging() {
        root.detachAppender(captured);
        captured.stop();
        detached.forEach(root::addAppender);
        root.setLevel(previousLevel);
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("dev.klink").setLevel(null);
    }

    @Test
    void fullLifecycleWhenLoggingAtTraceThenNoSecretInLogsExceptionsOrToString() {
        TokenHasher oldHasher = TokenHasher.hmacSha256(key("k1", OLDER_KEY));
        TokenHasher hasher = TokenHasher.hmacSha256(key("k2", KEY), key("k1", OLDER_KEY));
        secret("HMAC key k2", KEY);
        secret("HMAC key k1", OLDER_KEY);
        secret("HMAC key k2 base64", Base64.getEncoder().encodeToString(KEY.getBytes(StandardCharsets.US_ASCII)));
        secret("HMAC key k1 base64", Base64.getEncoder().encodeToString(OLDER_KEY.getBytes(StandardCharsets.US_ASCII)));
        TokenService oldNode = TokenService.builder(store).clock(clock).hasher(oldHasher).backgroundUsageFlush(false)
                .build();
        AbilityCatalog catalog = AbilityCatalog.builder()
                .ability("orders:read", "Read orders")
                .ability("orders:write", "Change orders", "orders:read")
                .build();
        TokenService service = TokenService.builder(store).clock(clock).hasher(hasher).catalog(catalog)
                .listener(events::add)
                .listener(event -> {
                    throw new IllegalStateException("listener failed on " + event.getClass().getSimpleName());
                })
                .backgroundUsageFlush(false).build();

        // issue: one token under the old key (re-hashed later), two under the primary key
        IssueRequest request = IssueRequest.builder("acme", "alice").name("CI deploy").abilities("orders:write")
                .expiresInDays(30).build();
        IssuedToken underOldKey = track(oldNode.issue(IssueRequest.builder("acme", "alice").name("legacy")
                .abilities("orders:read").build()));
        IssuedToken first = track(service.issue(request));
        IssuedToken second = track(service.issue(IssueRequest.builder("acme", "bob").name("bob's").build()));
        text("IssueRequest", request);

        // verify: valid, and each kind of failure
        VerificationResult valid = service.verify(first.plaintext(), "acme", AbilityCheck.all("orders:read"),
                "203.0.113.5");
        assertThat(valid.isValid()).isTrue();
        text("VerificationResult valid", valid);
        text("TokenPrincipal", valid.requirePrincipal());
        assertThat(service.verify(underOldKey.plaintext()).isValid()).isTrue();
        ParsedToken parsed = TokenFormat.parse(first.plaintext());
        text("ParsedToken", parsed);
        String wrongSecret = presented(TokenFormat.format(parsed.prefix(), parsed.id(), "X".repeat(32)));
        String unknownId = presented(TokenFormat.format(parsed.prefix(), "Y".repeat(16), parsed.secret()));
        String otherPrefix = presented(TokenFormat.format("other", parsed.id(), parsed.secret()));
        String badChecksum = presented(first.plaintext().substring(0, first.plaintext().length() - 1)
                + (first.plaintext().endsWith("A") ? "B" : "A"));
        for (String bearer : List.of(wrongSecret, unknownId, otherPrefix, badChecksum, "Bearer " + first.plaintext(),
                first.plaintext() + " ")) {
            VerificationResult failed = service.verify(bearer, null, AbilityCheck.none(), "203.0.113.6");
            assertThat(failed.isValid()).isFalse();
            text("VerificationResult " + failureOf(failed), failed);
            exception("requirePrincipal on " + failureOf(failed), failed::requirePrincipal);
        }
        text("WRONG_TENANT", service.verify(first.plaintext(), "globex", AbilityCheck.none(), null));
        text("INSUFFICIENT_ABILITIES", service.verify(second.plaintext(), null, AbilityCheck.all("orders:write"),
                null));
        service.flushUsage();
        hashOf("re-hashed legacy token", underOldKey);

        // rotate, revoke, read
        clock.advance(Duration.ofMinutes(1));
        IssuedToken rotated = track(service.rotate("acme", first.info().id(), Duration.ofMinutes(5), "alice"));
        IssuedToken rotatedNow = track(service.rotate("acme", second.info().id(), "bob"));
        text("revoke", service.revoke("acme", rotated.info().id(), "alice", "done"));
        text("get", service.get("acme", first.info().id()));
        text("listByOwner", service.listByOwner("acme", "alice", PageRequest.first(10)));
        text("listByTenant", service.listByTenant("acme", PageRequest.first(10)));
        text("expiring", service.expiringWithinDays(400));
        service.revokeAllForOwner("acme", "bob", "hr", "left");

        // a failing store: verification, usage flush, issue and revoke
        assertThat(service.verify(rotatedNow.plaintext()).isValid()).isFalse();
        clock.advance(Duration.ofMinutes(2));
        assertThat(service.verify(underOldKey.plaintext()).isValid()).isTrue();
        store.failOn(CountingTokenStore.ALL);
        text("STORE_UNAVAILABLE", service.verify(underOldKey.plaintext()));
        service.flushUsage();
        exception("issue on failing store", () -> service.issue(request));
        exception("revoke on failing store", () -> service.revoke("acme", underOldKey.info().id(), "x", null));
        store.heal();

        // caller mistakes
        exception("bad name", () -> service.issue(IssueRequest.builder("acme", "alice").name(" ").build()));
        exception("unknown ability", () -> service.issue(IssueRequest.builder("acme", "alice").name("n")
                .abilities("orders:delete").build()));
        exception("HmacKey too short", () -> HmacKey.of("k3", KEY.substring(0, 31).getBytes(StandardCharsets.US_ASCII)));
        exception("format with bad prefix", () -> TokenFormat.format("Bad", parsed.id(), parsed.secret()));

        service.revokeAllForTenant("acme", "ops", "closing");
        service.prune(Duration.ZERO);
        service.close();
        oldNode.close();

        // every public type involved
        text("TokenService", service);
        text("old TokenService", oldNode);
        text("hasher", hasher);
        text("old hasher", oldHasher);
        text("HmacKey", key("k2", KEY));
        text("store", store);
        text("catalog", catalog);
        text("policy", service.policy());
        events.forEach(event -> text("event " + event.getClass().getSimpleName(), event));
        for (ILoggingEvent event : captured.list) {
            text("log " + event.getLoggerName() + " " + event.getLevel(), event.getFormattedMessage());
            if (event.getThrowableProxy() != null) {
                text("log throwable " + event.getLoggerName(), ThrowableProxyUtil.asString(event.getThrowableProxy()));
            }
        }

        assertThat(events).extracting(event -> event.getClass().getSimpleName())
                .contains("Issued", "Rotated", "Revoked", "BulkRevoked", "VerificationFailed");
        assertThat(captured.list).extracting(ILoggingEvent::getLevel).contains(Level.INFO, Level.DEBUG, Level.WARN);
        assertThat(secrets).hasSizeGreaterThan(20);
        assertThat(leaks()).isEmpty();
    }

    /** Every (where, what) pair where a secret appears; never the secret itself. */
    private List<String> leaks() {
        List<String> leaks = new ArrayList<>();
        for (Map.Entry<String, String> text : texts) {
            for (Map.Entry<String, String> secret : secrets.entrySet()) {
                if (text.getValue().contains(secret.getKey())) {
                    leaks.add(text.getKey() + " shows " + secret.getValue());
                }
            }
        }
        return leaks;
    }

    private IssuedToken track(IssuedToken issued) {
        String id = issued.info().id();
        secret("plaintext of " + id, issued.plaintext());
        secret("secret of " + id, TokenFormat.parse(issued.plaintext()).secret());
        hashOf("stored hash of " + id, issued);
        text("IssuedToken " + id, issued);
        text("TokenInfo " + id, issued.info());
        text("StoredToken " + id, store.row(id));
        return issued;
    }

    private void hashOf(String what, IssuedToken issued) {
        StoredToken row = store.row(issued.info().id());
        byte[] hash = row.hash();
        secret(what + " (hex)", HexFormat.of().formatHex(hash));
        secret(what + " (HEX)", HexFormat.of().withUpperCase().formatHex(hash));
        secret(what + " (base64)", Base64.getEncoder().encodeToString(hash));
        secret(what + " (base64url)", Base64.getUrlEncoder().withoutPadding().encodeToString(hash));
        text("StoredToken after " + what, row);
    }

    /** A bearer value a client sent: as secret as a real token. */
    private String presented(String bearer) {
        secret("presented bearer #" + secrets.size(), bearer);
        ParsedToken parsed = TokenFormat.parse(bearer);
        if (parsed != null) {
            secret("presented secret #" + secrets.size(), parsed.secret());
        }
        return bearer;
    }

    private void secret(String what, String value) {
        secrets.putIfAbsent(value, what);
    }

    private void text(String where, Object value) {
        texts.add(Map.entry(where, String.valueOf(value)));
    }

    private void exception(String where, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                text("exception " + where, t.toString());
            }
            return;
        }
        throw new AssertionError(where + " did not throw");
    }
}
