package dev.klink.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.klink.tokens.spi.TokenStore;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Expiry reminders: once per token and threshold, only the most urgent, once across nodes sharing a store. */
class ExpiryRemindersTest {

    private static final Duration WEEK = Duration.ofDays(7);
    private static final Duration DAY = Duration.ofDays(1);

    private final TestClock clock = new TestClock();
    private final InMemoryTokenStore store = new InMemoryTokenStore();
    private final List<TokenEvent> events = new CopyOnWriteArrayList<>();
    private final TokenService service = node(clock, events);
    private final ExpiryReminders reminders = ExpiryReminders.of(service);

    private TokenService node(TestClock nodeClock, List<TokenEvent> heard) {
        return TokenService.builder(store).clock(nodeClock).listener(heard::add).backgroundUsageFlush(false).build();
    }

    private IssuedToken issue(String owner, Duration lifetime) {
        return service.issue(IssueRequest.builder("acme", owner).name("CI of " + owner).expiresAfter(lifetime)
                .build());
    }

    private List<TokenEvent.ExpiringSoon> reminders() {
        return events.stream().filter(TokenEvent.ExpiringSoon.class::isInstance)
                .map(TokenEvent.ExpiringSoon.class::cast).toList();
    }

    @Test
    void sendWhenTokenCrossesEachThresholdThenOneReminderEachAndNeverAgain() {
        IssuedToken issued = issue("alice", Duration.ofDays(30));
        Instant expiresAt = issued.info().expiresAt();

        clock.set(expiresAt.minus(WEEK).minusSeconds(1));
        assertThat(reminders.send()).isEmpty();

        clock.set(expiresAt.minus(WEEK));
        List<TokenEvent.ExpiringSoon> week = reminders.send();
        assertThat(week).hasSize(1);
        TokenEvent.ExpiringSoon weekReminder = week.get(0);
        assertThat(weekReminder.at()).isEqualTo(expiresAt.minus(WEEK));
        assertThat(weekReminder.threshold()).isEqualTo(WEEK);
        assertThat(weekReminder.token().id()).isEqualTo(issued.info().id());
        assertThat(weekReminder.token().tenantId()).isEqualTo("acme");
        assertThat(weekReminder.token().ownerId()).isEqualTo("alice");
        assertThat(weekReminder.token().name()).isEqualTo("CI of alice");
        assertThat(weekReminder.token().expiresAt()).isEqualTo(expiresAt);
        assertThat(weekReminder.token().status()).isEqualTo(TokenStatus.ACTIVE);
        assertThat(reminders()).containsExactly(weekReminder);

        assertThat(reminders.send()).isEmpty();
        clock.set(expiresAt.minus(DAY).minusSeconds(1));
        assertThat(reminders.send()).isEmpty();

        clock.set(expiresAt.minus(DAY));
        assertThat(reminders.send()).extracting(TokenEvent.ExpiringSoon::threshold).containsExactly(DAY);
        clock.set(expiresAt.minusSeconds(1));
        assertThat(reminders.send()).isEmpty();
        clock.set(expiresAt);
        assertThat(reminders.send()).isEmpty();
        assertThat(reminders()).extracting(TokenEvent.ExpiringSoon::threshold).containsExactly(WEEK, DAY);
    }

    @Test
    void sendWhenFirstSeenInsideOneDayThenOnlyTheOneDayReminderAndTheWeekClaimedSilently() {
        IssuedToken issued = issue("alice", Duration.ofHours(12));

        assertThat(reminders.send()).extracting(TokenEvent.ExpiringSoon::threshold).containsExactly(DAY);

        assertThat(store.claimReminder(issued.info().id(), WEEK, clock.instant())).isFalse();
        clock.advance(Duration.ofHours(6));
        assertThat(reminders.send()).isEmpty();
        assertThat(reminders()).hasSize(1);
    }

    @Test
    void sendWhenSeveralTokensDueThenSoonestExpiryFirstAndOthersLeftForLater() {
        IssuedToken inThreeDays = issue("alice", Duration.ofDays(3));
        IssuedToken inTwelveHours = issue("bob", Duration.ofHours(12));
        IssuedToken inSixDays = issue("carol", Duration.ofDays(6));
        issue("dave", Duration.ofDays(30));

        List<TokenEvent.ExpiringSoon> sent = reminders.send();

        assertThat(sent).extracting(event -> event.token().id(), TokenEvent.ExpiringSoon::threshold)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(inTwelveHours.info().id(), DAY),
                        org.assertj.core.groups.Tuple.tuple(inThreeDays.info().id(), WEEK),
                        org.assertj.core.groups.Tuple.tuple(inSixDays.info().id(), WEEK));
        assertThat(reminders()).isEqualTo(sent);
    }

    @Test
    void sendWhenTwoNodesShareTheStoreThenEachReminderOnceInAll() {
        List<TokenEvent> otherEvents = new CopyOnWriteArrayList<>();
        TestClock otherClock = new TestClock();
        ExpiryReminders other = ExpiryReminders.of(node(otherClock, otherEvents));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(issue("owner-" + i, Duration.ofDays(2 + i).plusHours(i)).info().id());
        }
        String withinADay = issue("zoe", Duration.ofHours(12)).info().id();

        List<TokenEvent.ExpiringSoon> sent = new ArrayList<>();
        for (int hour = 0; hour < 14 * 24; hour++) {
            clock.advance(Duration.ofHours(1));
            otherClock.advance(Duration.ofHours(1));
            // the nodes take turns being first
            if (hour % 2 == 0) {
                sent.addAll(reminders.send());
                sent.addAll(other.send());
            } else {
                sent.addAll(other.send());
                sent.addAll(reminders.send());
            }
        }

        List<String> expected = new ArrayList<>();
        for (String id : ids) {
            expected.add(id + " " + WEEK);
            expected.add(id + " " + DAY);
        }
        expected.add(withinADay + " " + DAY);
        assertThat(sent).extracting(event -> event.token().id() + " " + event.threshold())
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(otherEvents).isNotEmpty();
        assertThat(reminders()).isNotEmpty();
    }

    @Test
    void sendWhenNodeClockLagsAfterTheOneDayReminderThenNoLateWeekReminder() {
        IssuedToken issued = issue("alice", Duration.ofDays(30));
        Instant expiresAt = issued.info().expiresAt();
        clock.set(expiresAt.minus(Duration.ofHours(20)));
        assertThat(reminders.send()).extracting(TokenEvent.ExpiringSoon::threshold).containsExactly(DAY);

        List<TokenEvent> laggingEvents = new CopyOnWriteArrayList<>();
        TestClock lagging = new TestClock(expiresAt.minus(Duration.ofDays(2)));
        ExpiryReminders laggingNode = ExpiryReminders.of(node(lagging, laggingEvents));

        assertThat(laggingNode.send()).isEmpty();
        assertThat(laggingEvents).isEmpty();
    }

    @Test
    void sendWhenTokenRevokedOrRotatedWithGraceThenNoReminder() {
        IssuedToken revoked = issue("alice", Duration.ofDays(3));
        service.revoke("acme", revoked.info().id(), "alice", null);
        IssuedToken rotated = issue("bob", Duration.ofDays(3));
        IssuedToken replacement = service.rotate("acme", rotated.info().id(), Duration.ofHours(1), "bob");

        assertThat(reminders.send()).extracting(event -> event.token().id())
                .containsExactly(replacement.info().id());
    }

    @Test
    void sendWhenNeverExpiringThenNoReminder() {
        TokenService lenient = TokenService.builder(store).clock(clock).listener(events::add)
                .policy(TokenPolicy.builder().allowNeverExpires(true).build()).backgroundUsageFlush(false).build();
        lenient.issue(IssueRequest.builder("acme", "alice").name("forever").neverExpires().build());

        assertThat(ExpiryReminders.of(lenient).send()).isEmpty();
    }

    @Test
    void sendWhenCustomThresholdsThenEachCrossingRemindedOnce() {
        ExpiryReminders custom = ExpiryReminders.of(service, List.of(DAY, Duration.ofDays(14), Duration.ofDays(3)));
        IssuedToken issued = issue("alice", Duration.ofDays(20));
        Instant expiresAt = issued.info().expiresAt();

        List<Duration> thresholds = new ArrayList<>();
        for (Instant at = clock.instant(); at.isBefore(expiresAt); at = at.plus(Duration.ofHours(1))) {
            clock.set(at);
            custom.send().forEach(event -> thresholds.add(event.threshold()));
        }

        assertThat(custom.thresholds()).containsExactly(Duration.ofDays(14), Duration.ofDays(3), DAY);
        assertThat(custom.largestThreshold()).isEqualTo(Duration.ofDays(14));
        assertThat(thresholds).containsExactly(Duration.ofDays(14), Duration.ofDays(3), DAY);
    }

    @Test
    void sendNeverCarriesTheSecret() {
        IssuedToken issued = issue("alice", Duration.ofDays(2));
        String secret = issued.plaintext().substring(issued.plaintext().lastIndexOf('_') + 1);

        List<TokenEvent.ExpiringSoon> sent = reminders.send();

        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).toString()).contains(issued.info().id()).doesNotContain(secret)
                .doesNotContain(issued.plaintext());
    }

    @Test
    void ofWhenThresholdsInvalidThenIllegalArgumentNamingThem() {
        assertThatIllegalArgumentException().isThrownBy(() -> ExpiryReminders.of(service, List.of()))
                .withMessage("thresholds must not be empty");
        assertThatIllegalArgumentException().isThrownBy(() -> ExpiryReminders.of(service, List.of(Duration.ZERO)))
                .withMessage("thresholds must be positive, was PT0S");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ExpiryReminders.of(service, List.of(Duration.ofHours(-1))))
                .withMessage("thresholds must be positive, was PT-1H");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ExpiryReminders.of(service, List.of(Duration.ofMillis(1500))))
                .withMessage("thresholds must be whole seconds, was PT1.5S");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ExpiryReminders.of(service, List.of(DAY, WEEK, Duration.ofHours(24))))
                .withMessage("thresholds must be distinct, PT24H is given twice");
    }

    @Test
    void defaultsAreSevenDaysAndOneDay() {
        assertThat(reminders.thresholds()).containsExactly(WEEK, DAY);
        assertThat(reminders.toString()).isEqualTo("ExpiryReminders[thresholds=[PT168H, PT24H]]");
    }

    @Test
    void sendWhenStoreDoesNotSupportClaimsThenUnsupportedOperationNamingIt() {
        InvocationHandler handler = (proxy, method, args) -> method.isDefault()
                ? InvocationHandler.invokeDefault(proxy, method, args)
                : method.invoke(store, args);
        TokenStore legacy = (TokenStore) Proxy.newProxyInstance(TokenStore.class.getClassLoader(),
                new Class<?>[] {TokenStore.class}, handler);
        issue("alice", Duration.ofDays(2));
        TokenService legacyService = TokenService.builder(legacy).clock(clock).backgroundUsageFlush(false).build();

        assertThatExceptionOfType(UnsupportedOperationException.class)
                .isThrownBy(() -> ExpiryReminders.of(legacyService).send())
                .withMessageEndingWith(" does not support expiry reminder claims");
    }
}
