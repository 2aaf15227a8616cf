package dev.klink.tokens.example.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.bean.override.convention.TestBean;

/**
 * The API Tokens page warns about the signed-in user's tokens that expire within the largest reminder threshold
 * (7 days), in a real headless Chromium, and leaves {@code target/screenshots/expiry-banner.png}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:klink-expiry-banner-test;DB_CLOSE_DELAY=-1",
        "logging.level.org.openqa.selenium=WARN" })
@ExtendWith(RequiresChromium.class)
class ExpiryBannerBrowserTest {

    /** Monday 2 March 2026, 09:30:00 UTC. */
    static final MutableClock CLOCK = MutableClock.at("2026-03-02T09:30:00Z");

    @TestBean
    Clock clock;

    static Clock clock() {
        return CLOCK;
    }

    @LocalServerPort
    int port;

    private static Browser browser;

    @BeforeEach
    void openBrowser() {
        if (browser == null) {
            browser = Browser.start("http://localhost:" + port);
        }
        browser.size(1280, 800);
        browser.open("/login");
        browser.driver.manage().deleteAllCookies();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    @Test
    void bannerWhenTokensExpireWithinSevenDaysThenCountsThemPluralisedAndOnlyTheUsersOwn() {
        signIn("alice", "alice");
        browser.open("/settings/api-tokens");
        browser.byId("tokens-empty");
        assertThat(banner().isDisplayed()).isFalse();

        // a token expiring in 3 days brings the banner
        issue("Release pipeline", LocalDate.ofInstant(CLOCK.instant().plus(Duration.ofDays(3)), ZoneOffset.UTC));
        browser.wait.until(ExpectedConditions.textToBe(By.id("expiry-banner"), "1 token expires within 7 days"));
        assertThat(banner().isDisplayed()).isTrue();
        assertThat(banner().getDomAttribute("role")).isEqualTo("status");
        browser.screenshot("expiry-banner");

        // one expiring in 30 days does not count; a second one inside the week does
        issue("Nightly export", "30 days");
        browser.wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#tokens-body tr"), 2));
        assertThat(banner().getText()).isEqualTo("1 token expires within 7 days");
        issue("Weekly report", "7 days");
        browser.wait.until(ExpectedConditions.textToBe(By.id("expiry-banner"), "2 tokens expire within 7 days"));
        browser.screenshot("expiry-banner-two-tokens");

        // bob, in another tenant, has no token expiring: no banner
        browser.driver.manage().deleteAllCookies();
        signIn("bob", "bob");
        browser.open("/settings/api-tokens");
        browser.byId("tokens-empty");
        browser.wait.until(driver -> !banner().isDisplayed());
        assertThat(banner().getText()).isEmpty();
    }

    private WebElement banner() {
        return browser.driver.findElement(By.id("expiry-banner"));
    }

    private void signIn(String username, String password) {
        browser.open("/login");
        browser.byId("username").sendKeys(username);
        browser.byId("password").sendKeys(password);
        browser.click(By.id("sign-in"));
        browser.wait.until(ExpectedConditions.urlToBe("http://localhost:" + port + "/"));
        browser.wait.until(ExpectedConditions.textToBe(By.id("user-name"),
                Character.toUpperCase(username.charAt(0)) + username.substring(1)));
    }

    /** Issues a token for a preset expiry ("7 days", "30 days") through the dialog. */
    private void issue(String name, String expiry) {
        fillIssueDialog(name);
        new Select(browser.byId("token-expiry")).selectByVisibleText(expiry);
        submit(name);
    }

    /** Issues a token expiring on a custom date through the dialog. */
    private void issue(String name, LocalDate expiresOn) {
        fillIssueDialog(name);
        new Select(browser.byId("token-expiry")).selectByVisibleText("Custom date…");
        WebElement date = browser.byId("token-expiry-date");
        browser.driver.executeScript("arguments[0].value = arguments[1];"
                + "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));", date, expiresOn.toString());
        submit(name);
    }

    private void fillIssueDialog(String name) {
        browser.click(By.id("issue-token-button"));
        browser.byId("issue-dialog");
        browser.byId("token-name").sendKeys(name);
        WebElement box = browser.driver.findElement(By.cssSelector("#ability-options input[value='orders:read']"));
        if (!box.isSelected()) {
            browser.driver.findElement(By.cssSelector("label[for='" + box.getDomAttribute("id") + "']")).click();
        }
    }

    private void submit(String name) {
        browser.click(By.id("issue-submit"));
        browser.wait.until(ExpectedConditions.textToBe(By.id("new-token-heading"), "Token “" + name + "” issued"));
        browser.click(By.id("close-token-panel"));
    }
}
