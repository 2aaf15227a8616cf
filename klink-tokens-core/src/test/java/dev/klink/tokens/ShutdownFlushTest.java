package dev.klink.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The final flush on close(): bounded retries while the store is briefly down, then a WARN with the count. */
class ShutdownFlushTest {

    private final TestClock clock = new TestClock();
    private final CountingTokenStore store = new CountingTokenStore();
    private final List<Duration> sleeps = new ArrayList<>();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(TokenService.class);

    @BeforeEach
    void captureLogs() {
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void detachLogs() {
        logger.detachAppender(logs);
    }

    private TokenService service(int healAfterSleeps) {
        return TokenService.builder(store).clock(clock).backgroundUsageFlush(false)
                .sleeper(pause -> {
                    sleeps.add(pause);
                    clock.advance(pause);
                    if (sleeps.size() == healAfterSleeps) {
                        store.heal();
                    }
                })
                .build();
    }

    private List<String> verifyTwo(TokenService service) {
        List<String> ids = new ArrayList<>();
        for (String name : List.of("first", "second")) {
            IssuedToken issued = service.issue(IssueRequest.builder("acme", "alice").name(name).abilities("a")
                    .build());
            assertThat(service.verify(issued.plaintext()).isValid()).isTrue();
            ids.add(issued.info().id());
        }
        return ids;
    }

    @Test
    void closeWhenStoreBrieflyUnreachableThenRetriesAndWritesEveryLastUse() {
        TokenService service = service(3);
        List<String> ids = verifyTwo(service);
        store.failOn("recordUsage");

        service.close();

        assertThat(sleeps).hasSize(3);
        for (String id : ids) {
            assertThat(store.row(id).lastUsedAt()).isEqualTo(TestClock.START);
        }
        assertThat(service.pendingUsageWrites()).isZero();
        assertThat(logs.list).noneMatch(event -> event.getFormattedMessage().contains("before shutdown"));
    }

    @Test
    void closeWhenStoreStaysUnreachableThenGivesUpAfterTheTimeoutAndWarnsWithTheCountOnly() {
        TokenService service = service(-1);
        List<String> ids = verifyTwo(service);
        store.failOn("recordUsage");

        service.close();

        assertThat(sleeps.stream().reduce(Duration.ZERO, Duration::plus)).isEqualTo(Duration.ofSeconds(5));
        List<ILoggingEvent> lost = logs.list.stream()
                .filter(event -> event.getFormattedMessage().contains("before shutdown")).toList();
        assertThat(lost).hasSize(1);
        assertThat(lost.get(0).getLevel()).isEqualTo(Level.WARN);
        assertThat(lost.get(0).getFormattedMessage())
                .isEqualTo("Could not write the last use of 2 tokens before shutdown within PT5S; it is lost");
        assertThat(logs.list).allSatisfy(event -> assertThat(event.getFormattedMessage())
                .doesNotContain(ids.get(0)).doesNotContain(ids.get(1)));
        assertThat(store.row(ids.get(0)).lastUsedAt()).isNull();
    }

    @Test
    void closeWhenShutdownFlushTimeoutConfiguredThenRetriesThatLong() {
        TokenService service = TokenService.builder(store).clock(clock).backgroundUsageFlush(false)
                .shutdownFlushTimeout(Duration.ofMillis(700))
                .sleeper(pause -> sleeps.add(pause)).build();
        verifyTwo(service);
        store.failOn("recordUsage");

        service.close();

        assertThat(sleeps.stream().reduce(Duration.ZERO, Duration::plus)).isEqualTo(Duration.ofMillis(700));
    }

    @Test
    void verifyWhenServiceClosedThenItWritesItsOwnUse() {
        TokenService service = service(-1);
        IssuedToken issued = service.issue(IssueRequest.builder("acme", "alice").name("late").abilities("a").build());
        service.close();
        clock.advance(Duration.ofSeconds(3));

        assertThat(service.verify(issued.plaintext()).isValid()).isTrue();

        assertThat(store.row(issued.info().id()).lastUsedAt()).isEqualTo(TestClock.START.plusSeconds(3));
        assertThat(service.pendingUsageWrites()).isZero();
        assertThat(logs.list).noneMatch(event -> event.getFormattedMessage().contains("it is lost"));
    }

    @Test
    void verifyWhenServiceClosedAndStoreCannotWriteThenWarnsWithTheCountOnly() {
        TokenService service = service(-1);
        IssuedToken issued = service.issue(IssueRequest.builder("acme", "alice").name("late").abilities("a").build());
        service.close();
        store.failOn("recordUsage");

        assertThat(service.verify(issued.plaintext()).isValid()).isTrue();

        assertThat(logs.list).filteredOn(event -> event.getLevel() == Level.WARN)
                .extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("Could not write the last use of 1 tokens after shutdown; it is lost");
        assertThat(store.row(issued.info().id()).lastUsedAt()).isNull();
    }

    @Test
    void builderWhenShutdownFlushTimeoutNegativeThenRejectedNamingIt() {
        assertThatThrownBy(() -> TokenService.builder(store).shutdownFlushTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shutdownFlushTimeout must not be negative, was PT-1S");
    }
}
