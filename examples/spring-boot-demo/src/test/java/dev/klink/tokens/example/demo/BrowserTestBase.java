package dev.klink.tokens.example.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The steps the browser tests share: one headless Chromium per test class, signed out before each test, and the
 * sign-in, issue-dialog and token-row steps of the API Tokens page.
 */
@ExtendWith(RequiresChromium.class)
abstract class BrowserTestBase {

    @LocalServerPort
    int port;

    /** One at a time: the test classes run one after another, each closing it in {@code @AfterAll}. */
    static Browser browser;

    @BeforeEach
    void openBrowser() {
        // started here, not in @BeforeAll, because the server's random port is known only now
        if (browser == null) {
            browser = Browser.start(url(""));
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

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    /** Signs in through the login form and waits for the overview to greet the user by name. */
    void signIn(String username, String password) {
        browser.open("/login");
        browser.byId("username").sendKeys(username);
        browser.byId("password").sendKeys(password);
        browser.click(By.id("sign-in"));
        browser.wait.until(ExpectedConditions.urlToBe(url("/")));
        browser.wait.until(ExpectedConditions.textToBe(By.id("user-name"),
                Character.toUpperCase(username.charAt(0)) + username.substring(1)));
    }

    void openIssueDialog() {
        browser.click(By.id("issue-token-button"));
        browser.byId("issue-dialog");
        browser.wait.until(driver -> "token-name".equals(activeId()));
    }

    /** Opens the issue dialog, names the token and ticks its abilities. */
    void startIssue(String name, String... abilities) {
        openIssueDialog();
        browser.byId("token-name").sendKeys(name);
        for (String ability : abilities) {
            checkAbility(ability);
        }
    }

    void checkAbility(String ability) {
        WebElement box = browser.driver.findElement(By.cssSelector("#ability-options input[value='" + ability + "']"));
        if (!box.isSelected()) {
            browser.driver.findElement(By.cssSelector("label[for='" + box.getDomAttribute("id") + "']")).click();
        }
        assertThat(box.isSelected()).isTrue();
    }

    void selectExpiry(String label) {
        new Select(browser.byId("token-expiry")).selectByVisibleText(label);
    }

    void waitForRow(String id) {
        browser.visible(By.cssSelector("tr[data-token-id='" + id + "']"));
    }

    WebElement cell(String id, String column) {
        return browser.driver.findElement(By.cssSelector("tr[data-token-id='" + id + "'] td." + column));
    }

    String activeId() {
        return activeElement().getDomAttribute("id");
    }

    WebElement activeElement() {
        return browser.driver.switchTo().activeElement();
    }

    /** The token's id: the part between the prefix and the secret. */
    static String idOf(String token) {
        String[] parts = token.split("_");
        return parts[parts.length - 2];
    }
}
