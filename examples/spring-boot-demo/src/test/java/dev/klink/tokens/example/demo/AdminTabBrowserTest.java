package dev.klink.tokens.example.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.IssuedToken;
import dev.klink.tokens.TokenInfo;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.TokenStatus;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The "All tokens in acme" tab in a real headless Chromium: carol, administrator of acme's tokens, sees another
 * user's token with its owner and revokes it through the ⋯ menu; alice, no administrator, never sees the tab; globex
 * stays invisible. Screenshots go to {@code target/screenshots/}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:klink-admin-browser-test;DB_CLOSE_DELAY=-1",
        "logging.level.org.openqa.selenium=WARN" })
class AdminTabBrowserTest extends BrowserTestBase {

    @Autowired
    TokenService tokens;

    @Test
    void adminTabWhenCarolRevokesAlicesTokenThenOwnerShownAndTokenRevokedByCarol() {
        IssuedToken alices = tokens.issue(IssueRequest.builder("acme", "alice").name("Alice's deploy key")
                .abilities("orders:read").expiresInDays(30).build());
        IssuedToken carols = tokens.issue(IssueRequest.builder("acme", "carol").name("Carol's report job")
                .abilities("orders:read").expiresInDays(30).build());
        IssuedToken globex = tokens.issue(IssueRequest.builder("globex", "bob").name("Bob's globex key")
                .abilities("orders:read").expiresInDays(30).build());

        // alice is no administrator: her page has no tab, only her own tokens
        signIn("alice", "alice");
        browser.open("/settings/api-tokens");
        browser.visible(By.id("token-" + alices.info().id()));
        assertThat(browser.driver.findElements(By.id("tab-admin-tokens"))).isEmpty();
        assertThat(browser.driver.findElements(By.id("admin-tokens-panel"))).isEmpty();

        // carol administers acme: the tab lists every owner's tokens of acme, with the owner
        browser.driver.manage().deleteAllCookies();
        signIn("carol", "carol");
        browser.open("/settings/api-tokens");
        WebElement tab = browser.byId("tab-admin-tokens");
        assertThat(tab.getText()).isEqualTo("All tokens in acme");
        assertThat(tab.getDomAttribute("aria-selected")).isEqualTo("false");
        tab.click();
        browser.wait.until(ExpectedConditions.attributeToBe(By.id("tab-admin-tokens"), "aria-selected", "true"));
        assertThat(browser.byId("admin-tokens-title").getText()).isEqualTo("All tokens in acme");
        WebElement row = browser.visible(By.id("admin-token-" + alices.info().id()));
        assertThat(cell(alices, "col-name").getText()).contains("Alice's deploy key");
        assertThat(cell(alices, "col-owner").getText()).isEqualTo("alice");
        assertThat(cell(carols, "col-owner").getText()).isEqualTo("carol");
        assertThat(cell(alices, "col-status").getText()).isEqualTo("Active");
        assertThat(browser.driver.findElements(By.id("admin-token-" + globex.info().id()))).isEmpty();
        assertThat(row.getText()).doesNotContain(alices.plaintext());
        assertThat(browser.driver.findElement(By.id("own-tokens-panel")).isDisplayed()).isFalse();
        browser.screenshot("admin-tab");

        // the ⋯ menu revokes alice's token, recorded as carol's doing
        cell(alices, "col-actions").findElement(By.cssSelector("button.menu-button")).click();
        browser.visible(By.id("admin-menu-" + alices.info().id()));
        browser.click(By.cssSelector("#admin-menu-" + alices.info().id() + " [data-action='revoke']"));
        assertThat(browser.byId("confirm-title").getText()).isEqualTo("Revoke “Alice's deploy key” of alice?");
        browser.click(By.id("confirm-ok"));
        browser.wait.until(driver -> "Revoked".equals(cell(alices, "col-status").getText()));
        assertThat(cell(alices, "col-actions").findElements(By.cssSelector("button.menu-button"))).isEmpty();
        assertThat(browser.byId("toast").getText()).isEqualTo("Token “Alice's deploy key” of alice revoked");
        browser.screenshot("admin-tab-revoked");

        TokenInfo revoked = tokens.get("acme", alices.info().id()).orElseThrow();
        assertThat(revoked.status()).isEqualTo(TokenStatus.REVOKED);
        assertThat(revoked.revokedBy()).isEqualTo("carol");
        assertThat(tokens.get("acme", carols.info().id()).orElseThrow().status()).isEqualTo(TokenStatus.ACTIVE);
        assertThat(tokens.get("globex", globex.info().id()).orElseThrow().status()).isEqualTo(TokenStatus.ACTIVE);

        // back on "Your tokens", carol's own list is there as before
        browser.click(By.id("tab-own-tokens"));
        browser.visible(By.id("token-" + carols.info().id()));
    }

    private WebElement cell(IssuedToken token, String column) {
        return browser.driver.findElement(By.cssSelector("#admin-token-" + token.info().id() + " td." + column));
    }
}
