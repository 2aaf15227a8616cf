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
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.bean.override.convention.TestBean;
import tools.jackson.databind.json.JsonMapper;

/**
 * The IP allowlist in the real demo and a real headless Chromium: the "Allowed IPs" field of the issue dialog
 * refuses a malformed entry (in the page, and as the server's 400 naming {@code allowedIps}), the token row lists
 * "Allowed from: …", and the API refuses the token from outside the list with row 12 of the error table. Leaves
 * screenshots in {@code target/screenshots/}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:klink-allowlist-browser-test;DB_CLOSE_DELAY=-1",
        "logging.level.org.openqa.selenium=WARN" })
class IpAllowlistBrowserTest extends BrowserTestBase {

    static final MutableClock CLOCK = MutableClock.at("2026-03-02T09:30:00Z");

    private static final String IP_NOT_ALLOWED = "Bearer realm=\"klink\", error=\"invalid_token\", "
            + "error_description=\"The access token is not allowed from this address\"";

    @TestBean
    Clock clock;

    static Clock clock() {
        return CLOCK;
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void issueDialogWhenAllowedIpsGivenThenMalformedEntryRefusedRowListsRangesAndApiRefusesOutsiders()
            throws Exception {
        browser.size(1280, 900);
        signIn("alice", "alice");
        browser.open("/settings/api-tokens");
        browser.wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("tokens-loading")));

        // a typo the page itself catches
        startIssue("Office network", "orders:read");
        WebElement allowedIps = browser.byId("token-allowed-ips");
        allowedIps.sendKeys("10.0.0.0/8, office-vpn");
        browser.click(By.id("issue-submit"));
        browser.wait.until(ExpectedConditions.textToBe(By.id("token-allowed-ips-error"),
                "“office-vpn” is not an IP address or CIDR range, such as 10.0.0.0/8."));
        assertThat(allowedIps.getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(activeId()).isEqualTo("token-allowed-ips");
        browser.screenshot("ip-allowlist-1-malformed-entry");

        // one the page lets through, but the server refuses as 400 naming allowedIps
        allowedIps.clear();
        allowedIps.sendKeys("10.0.0.0/8\n192.0.2.300");
        browser.click(By.id("issue-submit"));
        browser.wait.until(ExpectedConditions.textToBe(By.id("token-allowed-ips-error"),
                "'192.0.2.300' is not an IPv4 or IPv6 address or CIDR range"));
        assertThat(browser.driver.findElement(By.id("issue-error")).isDisplayed()).isFalse();

        // fixed: two ranges and one address, comma and newline separated
        allowedIps.clear();
        allowedIps.sendKeys("10.0.0.0/8, 2001:DB8::/32\n192.0.2.7");
        browser.screenshot("ip-allowlist-2-issue-dialog");
        browser.click(By.id("issue-submit"));
        String limited = readOneTimeToken("Token “Office network” issued");
        String limitedId = idOf(limited);
        assertThat(allowedFrom(limitedId)).isEqualTo("Allowed from: 10.0.0.0/8, 2001:db8::/32, 192.0.2.7/32");
        browser.click(By.id("close-token-panel"));
        browser.screenshot("ip-allowlist-3-token-row");

        // the API, called from 127.0.0.1, refuses it as row 12 of the error table
        HttpResponse<String> refused = get("/api/v1/orders", limited);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue(IP_NOT_ALLOWED);
        assertThat(json.readTree(refused.body()).get("code").asString()).isEqualTo("ip_not_allowed");

        // a token allowed from this machine works; one without a list shows no line
        startIssue("This machine", "orders:read");
        browser.byId("token-allowed-ips").sendKeys("127.0.0.1, ::1");
        browser.click(By.id("issue-submit"));
        String local = readOneTimeToken("Token “This machine” issued");
        assertThat(allowedFrom(idOf(local))).isEqualTo("Allowed from: 127.0.0.1/32, ::1/128");
        assertThat(get("/api/v1/orders", local).statusCode()).isEqualTo(200);
        browser.click(By.id("close-token-panel"));

        startIssue("Anywhere", "orders:read");
        browser.click(By.id("issue-submit"));
        String anywhere = readOneTimeToken("Token “Anywhere” issued");
        assertThat(cell(idOf(anywhere), "col-name").findElements(By.className("token-allowed-ips"))).isEmpty();
        assertThat(get("/api/v1/orders", anywhere).statusCode()).isEqualTo(200);
        browser.click(By.id("close-token-panel"));
        browser.screenshot("ip-allowlist-4-token-rows");
    }

    private String readOneTimeToken(String heading) {
        browser.wait.until(ExpectedConditions.textToBe(By.id("new-token-heading"), heading));
        String token = browser.byId("new-token-value").getDomProperty("value");
        waitForRow(idOf(token));
        return token;
    }

    private String allowedFrom(String id) {
        return cell(id, "col-name").findElement(By.className("token-allowed-ips")).getText();
    }

    private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
