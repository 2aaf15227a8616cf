package dev.klink.tokens.example.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.bean.override.convention.TestBean;

/**
 * The API Tokens page warns about the signed-in user's tokens that expire within the largest reminder threshold
 * (7 days), in a real headless Chromium, and leaves {@code target/screenshots/expiry-banner.png}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:klink-expiry-banner-test;DB_CLOSE_DELAY=-1",
        "logging.level.org.openqa.selenium=WARN" })
class ExpiryBannerBrowserTest extends BrowserTestBase {

    /** Monday 2 March 2026, 09:30:00 UTC. */
    static final MutableClock CLOCK = MutableClock.at("2026-03-02T09:30:00Z");

    @TestBean
    Clock clock;

    static Clock clock() {
        return CLOCK;
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

    /** Issues a token for a preset expiry ("7 days", "30 days") through the dialog. */
    private void issue(String name, String expiry) {
        startIssue(name, "orders:read");
        selectExpiry(expiry);
        submit(name);
    }

    /** Issues a token expiring on a custom date through the dialog. */
    private void issue(String name, LocalDate expiresOn) {
        startIssue(name, "orders:read");
        selectExpiry("Custom date…");
        WebElement date = browser.byId("token-expiry-date");
        browser.driver.executeScript("arguments[0].value = arguments[1];"
                + "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));", date, expiresOn.toString());
        submit(name);
    }

    private void submit(String name) {
        browser.click(By.id("issue-submit"));
        browser.wait.until(ExpectedConditions.textToBe(By.id("new-token-heading"), "Token “" + name + "” issued"));
        browser.click(By.id("close-token-panel"));
    }
}
