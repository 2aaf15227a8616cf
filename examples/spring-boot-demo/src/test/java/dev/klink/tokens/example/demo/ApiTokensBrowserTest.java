package dev.klink.tokens.example.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.testing.MutableClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.bean.override.convention.TestBean;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drives the real demo in a real headless Chromium: sign in, issue, use, regenerate, revoke and expire tokens, then
 * check that another tenant sees none of it. Every step is also checked against the demo API with a real HTTP client,
 * and leaves a screenshot in {@code target/screenshots/}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:klink-browser-test;DB_CLOSE_DELAY=-1",
        "logging.level.org.openqa.selenium=WARN" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiTokensBrowserTest extends BrowserTestBase {

    /** Monday 2 March 2026, 09:30:00 UTC: every date the page shows follows from it. */
    static final MutableClock CLOCK = MutableClock.at("2026-03-02T09:30:00Z");

    private static final String INSUFFICIENT_SCOPE = "Bearer realm=\"klink\", error=\"insufficient_scope\", "
            + "error_description=\"The access token lacks the required abilities\", scope=\"orders:write\"";
    private static final String REVOKED = "Bearer realm=\"klink\", error=\"invalid_token\", "
            + "error_description=\"The access token was revoked\"";
    private static final String EXPIRED = "Bearer realm=\"klink\", error=\"invalid_token\", "
            + "error_description=\"The access token expired\"";
    private static final String ONCE_WARNING = "Copy this token now. It is shown only once and cannot be retrieved "
            + "after you close this panel.";
    /** How the page writes a date ("Mar 2, 2026"). */
    private static final DateTimeFormatter LONG_DATE = DateTimeFormatter.ofPattern("MMM d, uuuu", Locale.US);
    private static final List<String> ACME_CUSTOMERS = List.of("Desert Supplies Ltd.", "Road Runner Logistics",
            "Wile E. Coyote");

    @TestBean
    Clock clock;

    static Clock clock() {
        return CLOCK;
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    @Order(1)
    void dashboardWhenTokensIssuedUsedRegeneratedRevokedAndExpiredThenPageAndApiAgree() throws Exception {
        // sign in as alice and reach the page through the sidebar
        signIn("alice", "alice");
        assertThat(browser.byId("user-name").getText()).isEqualTo("Alice");
        assertThat(browser.byId("user-tenant").getText()).isEqualTo("Tenant: acme");
        browser.screenshot("01-overview");
        browser.click(By.id("nav-settings"));
        browser.click(By.id("nav-channels"));
        browser.click(By.id("nav-api-tokens"));
        browser.wait.until(ExpectedConditions.urlToBe(url("/settings/api-tokens")));
        assertThat(browser.visible(By.tagName("h1")).getText()).isEqualTo("API Tokens");
        assertThat(browser.byId("tokens-empty").getText()).startsWith("No tokens yet");
        assertThat(browser.byId("curl-snippet").getText()).endsWith("\ncurl -H \"Authorization: Bearer $KLINK_TOKEN\" "
                + url("/api/v1/orders"));
        browser.screenshot("02-api-tokens-empty");

        // issue a token with two abilities for 30 days
        startIssue("Local Testing", "orders:read", "customers:read");
        selectExpiry("30 days");
        assertThat(browser.byId("token-expiry-help").getText())
                .isEqualTo("The token stops working on Apr 1, 2026. Tokens may live at most 180 days.");
        browser.screenshot("03-issue-dialog");
        browser.click(By.id("issue-submit"));

        // the one-time panel
        String first = readOneTimeToken("Token “Local Testing” issued");
        assertThat(first).matches("klink_pat_[0-9A-Za-z]{16}_[0-9A-Za-z]{38}");
        String firstId = idOf(first);
        browser.screenshot("04-token-shown-once");
        assertRow(firstId, "Local Testing", List.of("orders:read", "customers:read"), "Mar 2, 2026", "Never",
                "Apr 1, 2026", "Active");

        // the token reads orders of alice's tenant, but may not create any
        CLOCK.advance(Duration.ofMinutes(5));
        HttpResponse<String> orders = get("/api/v1/orders", first);
        assertThat(orders.statusCode()).isEqualTo(200);
        assertThat(customers(orders)).isEqualTo(ACME_CUSTOMERS);
        HttpResponse<String> me = get("/api/v1/me", first);
        assertThat(me.statusCode()).isEqualTo(200);
        JsonNode principal = json.readTree(me.body());
        assertThat(principal.get("tenant").asString()).isEqualTo("acme");
        assertThat(principal.get("owner").asString()).isEqualTo("alice");
        assertThat(principal.get("tokenId").asString()).isEqualTo(firstId);
        assertThat(principal.get("tokenName").asString()).isEqualTo("Local Testing");
        assertThat(principal.get("abilities").toString()).isEqualTo("[\"customers:read\",\"orders:read\"]");
        HttpResponse<String> create = post("/api/v1/orders", first, "{\"customer\":\"Acme Rockets\",\"totalCents\":500}");
        assertThat(create.statusCode()).isEqualTo(403);
        assertThat(create.headers().firstValue("WWW-Authenticate")).hasValue(INSUFFICIENT_SCOPE);
        assertThat(json.readTree(create.body()).get("code").asString()).isEqualTo("insufficient_scope");

        // after a reload the token is gone from the page for good; its use shows as Last used
        browser.driver.navigate().refresh();
        waitForRow(firstId);
        assertThat(browser.driver.getPageSource()).doesNotContain(first).doesNotContain(secretOf(first));
        assertThat(browser.driver.findElement(By.id("new-token-panel")).isDisplayed()).isFalse();
        assertRow(firstId, "Local Testing", List.of("orders:read", "customers:read"), "Mar 2, 2026",
                "Mar 2, 2026, 09:35:00 UTC", "Apr 1, 2026", "Active");
        browser.screenshot("05-after-reload-last-used");

        // Regenerate: a new secret replaces the old one at once
        CLOCK.advance(Duration.ofMinutes(1));
        openActions(firstId);
        browser.screenshot("06-actions-menu");
        pickAction(firstId, "regenerate");
        assertThat(browser.byId("confirm-title").getText()).isEqualTo("Regenerate “Local Testing”?");
        browser.screenshot("07-regenerate-confirm");
        browser.click(By.id("confirm-ok"));
        String second = readOneTimeToken("Token “Local Testing” regenerated");
        String secondId = idOf(second);
        assertThat(secondId).isNotEqualTo(firstId);
        assertThat(statusOf(firstId)).isEqualTo("Rotated");
        assertThat(cell(firstId, "col-status").findElement(By.className("replacement-link")).getDomAttribute("href"))
                .isEqualTo("#token-" + secondId);
        assertRow(secondId, "Local Testing", List.of("orders:read", "customers:read"), "Mar 2, 2026", "Never",
                "Apr 1, 2026", "Active");
        browser.screenshot("08-regenerated");
        HttpResponse<String> old = get("/api/v1/orders", first);
        assertThat(old.statusCode()).isEqualTo(401);
        assertThat(old.headers().firstValue("WWW-Authenticate")).hasValue(REVOKED);
        assertThat(get("/api/v1/orders", second).statusCode()).isEqualTo(200);
        browser.click(By.id("close-token-panel"));
        assertThat(browser.driver.findElement(By.id("new-token-value")).getDomProperty("value")).isEmpty();

        // Revoke, after a confirmation
        chooseAction(secondId, "revoke");
        assertThat(browser.byId("confirm-title").getText()).isEqualTo("Revoke “Local Testing”?");
        assertThat(browser.byId("confirm-text").getText()).isEqualTo("Scripts and integrations using this token "
                + "will stop working immediately. This cannot be undone.");
        browser.screenshot("09-revoke-confirm");
        browser.click(By.id("confirm-ok"));
        browser.wait.until(driver -> "Revoked".equals(statusOf(secondId)));
        assertThat(cell(secondId, "col-actions").findElements(By.tagName("button"))).isEmpty();
        HttpResponse<String> revoked = get("/api/v1/orders", second);
        assertThat(revoked.statusCode()).isEqualTo(401);
        assertThat(revoked.headers().firstValue("WWW-Authenticate")).hasValue(REVOKED);
        assertThat(json.readTree(revoked.body()).get("code").asString()).isEqualTo("token_revoked");
        browser.screenshot("10-revoked");

        // a 7-day token with orders:write (which includes orders:read) expires when the clock passes its expiry
        startIssue("Nightly export", "orders:write");
        selectExpiry("7 days");
        browser.click(By.id("issue-submit"));
        String nightly = readOneTimeToken("Token “Nightly export” issued");
        String nightlyId = idOf(nightly);
        HttpResponse<String> created = post("/api/v1/orders", nightly,
                "{\"customer\":\"Acme Rockets\",\"totalCents\":500}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(json.readTree(created.body()).get("customer").asString()).isEqualTo("Acme Rockets");
        assertThat(get("/api/v1/orders", nightly).statusCode()).isEqualTo(200);
        browser.click(By.id("close-token-panel"));
        browser.driver.navigate().refresh();
        assertRow(nightlyId, "Nightly export", List.of("orders:write"), "Mar 2, 2026",
                "Mar 2, 2026, 09:36:00 UTC", "Mar 9, 2026", "Active");
        CLOCK.advance(Duration.ofDays(8));
        browser.driver.navigate().refresh();
        waitForRow(nightlyId);
        assertThat(statusOf(nightlyId)).isEqualTo("Expired");
        assertThat(statusOf(secondId)).isEqualTo("Revoked");
        assertThat(statusOf(firstId)).isEqualTo("Rotated");
        HttpResponse<String> expired = get("/api/v1/orders", nightly);
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.headers().firstValue("WWW-Authenticate")).hasValue(EXPIRED);
        assertThat(browser.byId("token-count").getText()).isEqualTo("3 tokens · 0 active");
        browser.screenshot("11-expired");

        // bob, of tenant globex, sees none of alice's tokens and none of acme's orders
        browser.click(By.cssSelector("#signout-form button"));
        browser.wait.until(ExpectedConditions.urlToBe(url("/login?logout")));
        assertThat(browser.visible(By.cssSelector(".notice")).getText()).isEqualTo("You have been signed out.");
        signIn("bob", "bob");
        browser.click(By.id("nav-settings"));
        browser.click(By.id("nav-channels"));
        browser.click(By.id("nav-api-tokens"));
        assertThat(browser.byId("tokens-empty").getText()).startsWith("No tokens yet");
        // ("Local Testing" is also the name field's placeholder, so the names are looked for in the table only)
        assertThat(browser.driver.findElements(By.cssSelector("#tokens-body tr"))).isEmpty();
        assertThat(browser.driver.getPageSource()).doesNotContain("Nightly export").doesNotContain(firstId)
                .doesNotContain(secondId).doesNotContain(nightlyId);
        assertThat(statusInBrowser("DELETE", "/api/tokens/" + nightlyId)).isEqualTo(404);
        startIssue("Globex reporting", "orders:read");
        browser.click(By.id("issue-submit"));
        String bobs = readOneTimeToken("Token “Globex reporting” issued");
        HttpResponse<String> globexOrders = get("/api/v1/orders", bobs);
        assertThat(globexOrders.statusCode()).isEqualTo(200);
        assertThat(customers(globexOrders)).isEqualTo(List.of("Cypress Creek Hammocks", "Hank Scorpio"));
        assertThat(get("/api/v1/orders/ACME-1001", bobs).statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/orders/ACME-1001", nightly).statusCode()).isEqualTo(401);
        JsonNode bob = json.readTree(get("/api/v1/me", bobs).body());
        assertThat(bob.get("tenant").asString()).isEqualTo("globex");
        assertThat(bob.get("owner").asString()).isEqualTo("bob");
        assertThat(browser.driver.findElements(By.cssSelector("#tokens-body tr"))).hasSize(1);
        browser.screenshot("12-bob-own-tokens-only");
    }

    @Test
    @Order(2)
    void dashboardWhenUsedByKeyboardAndOnANarrowWindowThenDialogsAndMenuWork() {
        signIn("alice", "alice");
        browser.open("/settings/api-tokens");
        WebElement issue = browser.byId("issue-token-button");
        browser.byId("tokens-table");

        // the form opens with Enter, starts at the name, and Escape closes it and returns focus
        issue.sendKeys(Keys.ENTER);
        browser.wait.until(driver -> "token-name".equals(activeId()));
        activeElement().sendKeys(Keys.ESCAPE);
        browser.wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("issue-dialog")));
        browser.wait.until(driver -> "issue-token-button".equals(activeId()));

        // issue a token with the keyboard only
        issue.sendKeys(Keys.ENTER);
        browser.wait.until(driver -> "token-name".equals(activeId()));
        activeElement().sendKeys("Keyboard only");
        activeElement().sendKeys(Keys.TAB);
        assertThat(activeId()).isEqualTo("ability-orders-read");
        activeElement().sendKeys(Keys.SPACE);
        activeElement().sendKeys(Keys.ENTER);
        browser.wait.until(ExpectedConditions.textToBe(By.id("new-token-heading"), "Token “Keyboard only” issued"));
        assertThat(activeId()).isEqualTo("new-token-value");
        String token = readOneTimeToken("Token “Keyboard only” issued");
        String id = idOf(token);

        // the actions menu opens with the arrow keys, moves with them and closes with Escape
        WebElement menuButton = cell(id, "col-actions").findElement(By.cssSelector("button.menu-button"));
        menuButton.sendKeys(Keys.ARROW_DOWN);
        browser.wait.until(driver -> activeElement().getText().startsWith("Regenerate"));
        assertThat(menuButton.getDomAttribute("aria-expanded")).isEqualTo("true");
        activeElement().sendKeys(Keys.ARROW_DOWN);
        assertThat(activeElement().getText()).startsWith("Revoke");
        browser.screenshot("13-actions-menu-keyboard");
        activeElement().sendKeys(Keys.ESCAPE);
        assertThat(menuButton.getDomAttribute("aria-expanded")).isEqualTo("false");
        assertThat(activeElement()).isEqualTo(menuButton);

        // Revoke by keyboard; Escape on the confirmation cancels it
        menuButton.sendKeys(Keys.ARROW_UP);
        browser.wait.until(driver -> activeElement().getText().startsWith("Revoke"));
        activeElement().sendKeys(Keys.ENTER);
        browser.wait.until(driver -> "confirm-cancel".equals(activeId()));
        activeElement().sendKeys(Keys.ESCAPE);
        browser.wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("confirm-dialog")));
        assertThat(statusOf(id)).isEqualTo("Active");

        // a narrow window: the sidebar folds away behind a Menu button and the table becomes cards
        browser.size(420, 860);
        browser.driver.navigate().refresh();
        waitForRow(id);
        assertThat(browser.driver.findElement(By.id("nav-toggle")).isDisplayed()).isTrue();
        assertThat(browser.driver.findElement(By.id("nav-api-tokens")).getRect().getX()).isNegative();
        assertThat(cell(id, "col-status").getCssValue("display")).isEqualTo("grid");
        assertThat(statusOf(id)).isEqualTo("Active");
        browser.screenshot("14-narrow-window");
        browser.click(By.id("nav-toggle"));
        browser.wait.until(driver -> driver.findElement(By.id("nav-api-tokens")).getRect().getX() >= 0);
        browser.screenshot("15-narrow-window-menu");
    }

    @Test
    @Order(3)
    void issueFormWhenExpiryBeyondPolicyMaximumThenFormAndServerRefuseIt() {
        signIn("alice", "alice");
        browser.open("/settings/api-tokens");
        browser.byId("tokens-table");
        startIssue("Quarterly report", "customers:read");
        selectExpiry("Custom date…");
        WebElement date = browser.byId("token-expiry-date");
        LocalDate latest = LocalDate.ofInstant(CLOCK.instant().plus(Duration.ofDays(180)), ZoneOffset.UTC);
        assertThat(date.getDomAttribute("max")).isEqualTo(latest.toString());

        // one day past the policy's maximum: the form refuses it and stays open
        setDate(date, latest.plusDays(1));
        browser.click(By.id("issue-submit"));
        assertThat(browser.byId("token-expiry-error").getText()).isEqualTo("Tokens may live at most 180 days; pick "
                + LONG_DATE.format(latest) + " or earlier.");
        assertThat(date.getDomAttribute("aria-invalid")).isEqualTo("true");
        browser.screenshot("16-expiry-beyond-policy");

        // the last allowed day is accepted
        setDate(date, latest);
        browser.click(By.id("issue-submit"));
        String token = readOneTimeToken("Token “Quarterly report” issued");
        assertThat(cell(idOf(token), "col-expires").getText()).isEqualTo(LONG_DATE.format(latest));

        // the server enforces the same maximum whatever the page does
        Object refused = browser.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "Klink.request('POST', '/api/tokens', {name: 'Forever', abilities: ['orders:read'],"
                + " expiresInDays: 181}).then(() => done('issued'),"
                + " e => done(e.status + ' ' + e.problem.code + ' ' + e.problem.field + ' ' + e.problem.detail));");
        assertThat(refused).isEqualTo("400 invalid_request expiresInDays The expiry must be at most 180 days away");
    }

    // ------------------------------------------------------------------ page steps

    private void setDate(WebElement input, LocalDate date) {
        browser.driver.executeScript("arguments[0].value = arguments[1];"
                + "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));", input, date.toString());
    }

    private String readOneTimeToken(String heading) {
        browser.wait.until(ExpectedConditions.textToBe(By.id("new-token-heading"), heading));
        assertThat(browser.byId("new-token-warning-text").getText()).isEqualTo(ONCE_WARNING);
        WebElement field = browser.byId("new-token-value");
        assertThat(field.getDomProperty("readOnly")).isEqualTo("true");
        browser.click(By.id("copy-token-button"));
        browser.wait.until(ExpectedConditions.textToBe(By.id("copy-token-button"), "Copied"));
        String token = field.getDomProperty("value");
        waitForRow(idOf(token));
        return token;
    }

    private void chooseAction(String id, String action) {
        openActions(id);
        pickAction(id, action);
    }

    private void openActions(String id) {
        cell(id, "col-actions").findElement(By.cssSelector("button.menu-button")).click();
        browser.visible(By.id("menu-" + id));
    }

    private void pickAction(String id, String action) {
        browser.click(By.cssSelector("#menu-" + id + " [data-action='" + action + "']"));
        browser.byId("confirm-dialog");
    }

    private String statusOf(String id) {
        return cell(id, "col-status").findElement(By.className("badge")).getText();
    }

    private void assertRow(String id, String name, List<String> abilities, String created, String lastUsed,
            String expires, String status) {
        waitForRow(id);
        assertThat(cell(id, "col-name").findElement(By.className("token-name")).getText()).isEqualTo(name);
        assertThat(cell(id, "col-name").findElement(By.className("token-hint")).getText())
                .isEqualTo("klink_pat_" + id + "_…");
        List<String> shown = new ArrayList<>();
        cell(id, "col-abilities").findElements(By.className("ability")).forEach(pill -> shown.add(pill.getText()));
        assertThat(shown).isEqualTo(abilities);
        assertThat(cell(id, "col-created").getText()).isEqualTo(created);
        assertThat(cell(id, "col-last-used").getText()).isEqualTo(lastUsed);
        assertThat(cell(id, "col-expires").getText()).isEqualTo(expires);
        assertThat(statusOf(id)).isEqualTo(status);
    }

    /** Calls the management API from the signed-in page, with its session and CSRF header. */
    private long statusInBrowser(String method, String path) {
        Object status = browser.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "Klink.request(arguments[0], arguments[1]).then(() => done(200), e => done(e.status || -1));",
                method, path);
        return ((Number) status).longValue();
    }

    // ------------------------------------------------------------------ API calls

    private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", "Bearer " + token)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String token, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private List<String> customers(HttpResponse<String> response) {
        List<String> names = new ArrayList<>();
        json.readTree(response.body()).forEach(order -> names.add(order.get("customer").asString()));
        return names;
    }

    private static String secretOf(String token) {
        String[] parts = token.split("_");
        return parts[parts.length - 1];
    }
}
