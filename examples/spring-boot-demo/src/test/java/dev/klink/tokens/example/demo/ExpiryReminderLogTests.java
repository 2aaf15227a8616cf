package dev.klink.tokens.example.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.IssuedToken;
import dev.klink.tokens.TokenEvent;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.spring.ExpiryReminderJob;
import dev.klink.tokens.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.bean.override.convention.TestBean;

/** The demo logs each expiry reminder with the token's id and owner, once, and never the secret. */
@SpringBootTest(properties = "spring.datasource.url=jdbc:h2:mem:klink-demo-reminders-test;DB_CLOSE_DELAY=-1")
@ExtendWith(OutputCaptureExtension.class)
class ExpiryReminderLogTests {

    static final MutableClock CLOCK = MutableClock.at("2026-03-02T09:30:00Z");

    @TestBean
    Clock clock;

    static Clock clock() {
        return CLOCK;
    }

    @Autowired
    TokenService tokens;

    @Autowired
    ExpiryReminderJob job;

    @Test
    void reminderWhenTokenExpiresWithinSevenDaysThenOneLogLineWithIdAndOwnerAndNoSecret(CapturedOutput output) {
        IssuedToken issued = tokens.issue(IssueRequest.builder("acme", "alice").name("Deploy bot")
                .abilities("orders:read").expiresAfter(Duration.ofDays(3)).build());
        String id = issued.info().id();
        String secret = issued.plaintext().substring(issued.plaintext().lastIndexOf('_') + 1);

        List<TokenEvent.ExpiringSoon> first = job.runNow();
        List<TokenEvent.ExpiringSoon> again = job.runNow();

        assertThat(first).extracting(event -> event.token().id()).containsExactly(id);
        assertThat(again).isEmpty();
        String line = "Reminder: token " + id + " (\"Deploy bot\") of owner alice in tenant acme expires at "
                + "2026-03-05T09:30:00Z, within 7 days";
        assertThat(output.getOut()).containsOnlyOnce(line);
        assertThat(output.getAll()).doesNotContain(secret).doesNotContain(issued.plaintext());
    }
}
