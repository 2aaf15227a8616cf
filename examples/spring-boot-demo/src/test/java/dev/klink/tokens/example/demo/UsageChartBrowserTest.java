package dev.klink.tokens.example.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.IssuedToken;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.spi.DailyUsage;
import dev.klink.tokens.testing.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.bean.override.convention.TestBean;

/**
 * The usage chart of the API Tokens page in a real headless Chromium: a token used on three days through the demo API
 * shows those days' counts as bars of an inline SVG chart, with its total, after the counts were written behind.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:klink-usage-chart-test;DB_CLOSE_DELAY=-1",
        "logging.level.org.openqa.selenium=WARN" })
class UsageChartBrowserTest extends BrowserTestBase {

    /** Saturday 28 February 2026, 23:58 UTC: the token is used on Feb 28, Mar 1 and Mar 2. */
    static final MutableClock CLOCK = MutableClock.at("2026-02-28T23:58:00Z");
    private static final LocalDate MAR_2 = LocalDate.of(2026, 3, 2);

    @TestBean
    Clock clock;

    static Clock clock() {
        return CLOCK;
    }

    @Autowired
    TokenService tokens;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void chartWhenTokenUsedOnThreeDaysThenBarsShowEachDaysCountAndTheTotal() throws Exception {
        IssuedToken issued = tokens.issue(IssueRequest.builder("acme", "alice").name("Nightly export")
                .abilities("orders:read").expiresInDays(30).build());
        String id = issued.info().id();
        useAndFlush(issued, 2); // Feb 28
        CLOCK.advance(Duration.ofMinutes(3));
        useAndFlush(issued, 1); // Mar 1
        CLOCK.advance(Duration.ofDays(1).plusHours(9));
        useAndFlush(issued, 4); // Mar 2
        // written behind: the database holds the counts, added up per UTC day
        assertThat(tokens.store().usageByDay("acme", id, MAR_2.minusDays(29), MAR_2)).containsExactly(
                new DailyUsage(MAR_2.minusDays(2), 2), new DailyUsage(MAR_2.minusDays(1), 1),
                new DailyUsage(MAR_2, 4));

        signIn("alice", "alice");
        browser.open("/settings/api-tokens");
        waitForRow(id);
        WebElement toggle = browser.driver.findElement(By.cssSelector("tr[data-token-id='" + id
                + "'] button.usage-toggle"));
        assertThat(toggle.getDomAttribute("aria-expanded")).isEqualTo("false");
        assertThat(toggle.getDomAttribute("aria-label")).isEqualTo("Usage of Nightly export per day");
        toggle.click();

        WebElement chart = browser.visible(By.cssSelector("#usage-" + id + " svg.usage-chart"));
        assertThat(toggle.getDomAttribute("aria-expanded")).isEqualTo("true");
        assertThat(chart.getDomAttribute("role")).isEqualTo("img");
        assertThat(text(chart, "title")).isEqualTo("Successful verifications of “Nightly export” per day (UTC)");
        assertThat(text(chart, "desc")).isEqualTo("7 verifications from Feb 1, 2026 to Mar 2, 2026, on 3 days.");
        assertThat(browser.byId("usage-total-" + id).getText()).isEqualTo("7 successful verifications");

        List<WebElement> bars = chart.findElements(By.cssSelector("rect.usage-bar"));
        assertThat(bars).hasSize(30);
        List<String> days = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        for (WebElement bar : bars) {
            days.add(bar.getDomAttribute("data-date"));
            counts.add(Long.parseLong(bar.getDomAttribute("data-count")));
        }
        assertThat(days.get(0)).isEqualTo("2026-02-01");
        assertThat(days.get(29)).isEqualTo("2026-03-02");
        assertThat(counts.subList(0, 27)).containsOnly(0L);
        assertThat(counts.subList(27, 30)).containsExactly(2L, 1L, 4L);
        // the bars are as tall as their counts: 4 uses fill the scale's top, 2 half of it
        double tallest = height(bars.get(29));
        assertThat(height(bars.get(27))).isCloseTo(tallest / 2, Offset.offset(0.01));
        assertThat(height(bars.get(28))).isCloseTo(tallest / 4, Offset.offset(0.01));
        assertThat(height(bars.get(0))).isEqualTo(1.5); // a stub, so that days without use still show
        assertThat(bars.get(0).getDomAttribute("class")).isEqualTo("usage-bar is-zero");
        assertThat(text(bars.get(29), "title")).isEqualTo("Mar 2, 2026: 4 verifications");
        assertThat(text(bars.get(28), "title")).isEqualTo("Mar 1, 2026: 1 verification");

        browser.driver.executeScript("arguments[0].scrollIntoView({block: 'center'});", chart);
        browser.screenshot("usage-chart");
        assertThat(Files.size(Browser.SCREENSHOTS.resolve("usage-chart.png"))).isPositive();

        // the same button closes it again
        toggle.click();
        browser.wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("usage-" + id)));
        assertThat(toggle.getDomAttribute("aria-expanded")).isEqualTo("false");
    }

    /** Uses the token {@code times} through the demo API, then writes the counts as the background flush would. */
    private void useAndFlush(IssuedToken issued, int times) throws Exception {
        for (int i = 0; i < times; i++) {
            HttpResponse<String> me = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + "/api/v1/me")).header("Authorization", "Bearer " + issued.plaintext()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(me.statusCode()).isEqualTo(200);
        }
        CLOCK.advance(Duration.ofSeconds(61)); // past the flush interval since the previous write
        assertThat(tokens.flushUsage()).isEqualTo(1);
    }

    private static String text(WebElement parent, String tag) {
        return parent.findElement(By.tagName(tag)).getDomProperty("textContent");
    }

    private static double height(WebElement bar) {
        return Double.parseDouble(bar.getDomAttribute("height"));
    }
}
