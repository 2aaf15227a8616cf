package dev.klink.tokens.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.ExpiryReminders;
import dev.klink.tokens.InMemoryTokenStore;
import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.TokenEvent;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.TokenStoreUnavailableException;
import dev.klink.tokens.spi.TokenStore;
import dev.klink.tokens.spring.ExpiryReminderJob;
import dev.klink.tokens.spring.TokenExpiringSoonEvent;
import dev.klink.tokens.testing.ForwardingTokenStore;
import dev.klink.tokens.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

class KlinkTokensRemindersAutoConfigurationTests {

    private static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");
    private static final Duration WEEK = Duration.ofDays(7);
    private static final Duration DAY = Duration.ofDays(1);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KlinkTokensAutoConfiguration.class,
                    KlinkTokensRemindersAutoConfiguration.class));

    @Test
    void startWhenDefaultsThenJobAtSevenDaysAndOneDayEveryHourRunning() {
        runner.run(context -> {
            ExpiryReminderJob job = context.getBean(ExpiryReminderJob.class);
            assertThat(job.reminders().thresholds()).containsExactly(WEEK, DAY);
            assertThat(job.interval()).isEqualTo(Duration.ofHours(1));
            assertThat(job.isRunning()).isTrue();
            assertThat(context.getBean(ExpiryReminders.class)).isSameAs(job.reminders());
        });
    }

    @Test
    void startWhenDisabledThenNoReminderBeans() {
        runner.withPropertyValues("klink.tokens.reminders.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(ExpiryReminders.class);
            assertThat(context).doesNotHaveBean(ExpiryReminderJob.class);
        });
    }

    @Test
    void startWhenThresholdsAndIntervalSetThenUsed() {
        runner.withPropertyValues("klink.tokens.reminders.thresholds=12h,14d,3d",
                "klink.tokens.reminders.interval=10m").run(context -> {
                    ExpiryReminderJob job = context.getBean(ExpiryReminderJob.class);
                    assertThat(job.reminders().thresholds())
                            .containsExactly(Duration.ofDays(14), Duration.ofDays(3), Duration.ofHours(12));
                    assertThat(job.interval()).isEqualTo(Duration.ofMinutes(10));
                });
    }

    @Test
    void startWhenThresholdInvalidThenFailsNamingTheProperty() {
        runner.withPropertyValues("klink.tokens.reminders.thresholds=7d,0s").run(context -> assertThat(context)
                .getFailure().rootCause()
                .hasMessageContaining("klink.tokens.reminders.thresholds")
                .hasMessageContaining("thresholds must be positive, was PT0S"));
        runner.withPropertyValues("klink.tokens.reminders.thresholds=1d,24h").run(context -> assertThat(context)
                .getFailure().rootCause()
                .hasMessageContaining("klink.tokens.reminders.thresholds")
                .hasMessageContaining("thresholds must be distinct, PT24H is given twice"));
    }

    @Test
    void startWhenIntervalNotPositiveThenFailsNamingTheProperty() {
        runner.withPropertyValues("klink.tokens.reminders.interval=0s").run(context -> assertThat(context)
                .getFailure().rootCause()
                .hasMessageContaining("klink.tokens.reminders.interval")
                .hasMessageContaining("must be positive"));
    }

    @Test
    void startWhenApplicationDeclaresExpiryRemindersThenUsesIt() {
        runner.withBean("myReminders", ExpiryReminders.class,
                () -> ExpiryReminders.of(TokenService.builder(new InMemoryTokenStore()).build(), List.of(DAY)))
                .run(context -> assertThat(context.getBean(ExpiryReminderJob.class).reminders().thresholds())
                        .containsExactly(DAY));
    }

    @Test
    void runNowWhenTwoNodesShareOneStoreThenOneSpringEventPerTokenAndThreshold() {
        InMemoryTokenStore shared = new InMemoryTokenStore();
        MutableClock clock = MutableClock.at(NOW);
        List<TokenExpiringSoonEvent> published = new CopyOnWriteArrayList<>();
        ApplicationContextRunner node = runner
                .withBean(TokenStore.class, () -> shared)
                .withBean(Clock.class, () -> clock)
                .withBean(Mailer.class, () -> new Mailer(published));
        List<String> ids = new ArrayList<>();

        node.run(first -> node.run(second -> {
            TokenService tokens = first.getBean(TokenService.class);
            for (int i = 0; i < 4; i++) {
                ids.add(tokens.issue(IssueRequest.builder("acme", "owner-" + i).name("token " + i)
                        .expiresAfter(Duration.ofDays(3 + 2L * i)).build()).info().id());
            }
            for (int hour = 0; hour < 10 * 24; hour++) {
                clock.advance(Duration.ofHours(1));
                job(hour % 2 == 0 ? first : second).runNow();
                job(hour % 2 == 0 ? second : first).runNow();
            }
        }));

        List<String> expected = new ArrayList<>();
        for (String id : ids) {
            expected.add(id + " " + WEEK);
            expected.add(id + " " + DAY);
        }
        assertThat(published).extracting(event -> event.token().id() + " " + event.threshold())
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(published).allSatisfy(event -> {
            assertThat(event.token().tenantId()).isEqualTo("acme");
            assertThat(event.reminder().at()).isBefore(event.token().expiresAt());
            assertThat(event.toString()).startsWith("TokenExpiringSoonEvent[token=" + event.token().id() + ", owner=");
        });
    }

    @Test
    void runNowWhenStoreFailsThenNoEventAndNoException() {
        InMemoryTokenStore memory = new InMemoryTokenStore();
        TokenStore failingClaims = new ForwardingTokenStore() {
            @Override
            protected TokenStore delegate() {
                return memory;
            }

            @Override
            public boolean claimReminder(String tokenId, Duration threshold, Instant at) {
                throw new TokenStoreUnavailableException("down for the test");
            }
        };
        List<TokenExpiringSoonEvent> published = new CopyOnWriteArrayList<>();
        runner.withBean(TokenStore.class, () -> failingClaims)
                .withBean(Mailer.class, () -> new Mailer(published))
                .run(context -> {
                    context.getBean(TokenService.class).issue(IssueRequest.builder("acme", "alice").name("soon")
                            .expiresAfter(Duration.ofDays(2)).build());

                    List<TokenEvent.ExpiringSoon> sent = context.getBean(ExpiryReminderJob.class).runNow();

                    assertThat(sent).isEmpty();
                    assertThat(published).isEmpty();
                });
    }

    /** What an application's mailer would be: a listener of the Spring event. */
    static final class Mailer implements ApplicationListener<TokenExpiringSoonEvent> {

        private final List<TokenExpiringSoonEvent> received;

        Mailer(List<TokenExpiringSoonEvent> received) {
            this.received = received;
        }

        @Override
        public void onApplicationEvent(TokenExpiringSoonEvent event) {
            received.add(event);
        }
    }

    private static ExpiryReminderJob job(ConfigurableApplicationContext context) {
        return context.getBean(ExpiryReminderJob.class);
    }
}
