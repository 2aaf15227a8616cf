package dev.klink.tokens;

import static dev.klink.tokens.VerificationResults.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Listeners hear issued, rotated, revoked, bulk-revoked and failed verifications; a failing one harms nothing. */
class TokenEventsTest {

    private final TestClock clock = new TestClock();
    private final List<TokenEvent> events = new CopyOnWriteArrayList<>();
    private final TokenService service = TokenService.builder(new InMemoryTokenStore()).clock(clock)
            .listener(events::add)
            .backgroundUsageFlush(false).build();

    private IssuedToken issue(String owner) {
        return service.issue(IssueRequest.builder("acme", owner).name("CI").expiresInDays(30).build());
    }

    @Test
    void issueWhenListenersThenIssuedEventWithInfo() {
        IssuedToken issued = issue("alice");
        assertThat(events).containsExactly(new TokenEvent.Issued(TestClock.START, issued.info()));
    }

    @Test
    void operationsWhenListenerThrowsThenSucceedAndLaterListenersStillHear() {
        List<TokenEvent> heard = new CopyOnWriteArrayList<>();
        TokenService withBrokenListener = TokenService.builder(new InMemoryTokenStore()).clock(clock)
                .listener(event -> {
                    throw new IllegalStateException("listener bug");
                })
                .listener(heard::add)
                .backgroundUsageFlush(false).build();

        IssuedToken issued = withBrokenListener.issue(IssueRequest.builder("acme", "alice").name("CI").build());
        TokenInfo revoked = withBrokenListener.revoke("acme", issued.info().id(), "alice", null);

        assertThat(revoked.status()).isEqualTo(TokenStatus.REVOKED);
        assertThat(failureOf(withBrokenListener.verify(issued.plaintext()))).isEqualTo(VerificationFailure.REVOKED);
        assertThat(heard).extracting(event -> event.getClass().getSimpleName())
                .containsExactly("Issued", "Revoked", "VerificationFailed");
    }

    @Test
    void rotateWhenListenersThenRotatedEventWithBothTokensAndRevocationTime() {
        IssuedToken old = issue("alice");
        events.clear();
        clock.advance(Duration.ofMinutes(1));
        IssuedToken replacement = service.rotate("acme", old.info().id(), Duration.ofHours(2), "alice");

        // one Rotated event carries the replacement; no separate Issued event
        assertThat(events).hasSize(1);
        TokenEvent.Rotated rotated = (TokenEvent.Rotated) events.get(0);
        assertThat(rotated.at()).isEqualTo(clock.instant());
        assertThat(rotated.previous().id()).isEqualTo(old.info().id());
        assertThat(rotated.previous().rotatedToId()).isEqualTo(replacement.info().id());
        assertThat(rotated.replacement()).isEqualTo(replacement.info());
        assertThat(rotated.previousRevokedAt()).isEqualTo(clock.instant().plus(Duration.ofHours(2)));
    }

    @Test
    void revokeWhenListenersThenOneRevokedEventEvenIfRepeated() {
        IssuedToken issued = issue("alice");
        events.clear();
        TokenInfo info = service.revoke("acme", issued.info().id(), "admin", "leaked");
        service.revoke("acme", issued.info().id(), "admin", "leaked again");
        assertThat(events).containsExactly(new TokenEvent.Revoked(TestClock.START, info, "admin", "leaked"));
        assertThat(info.status()).isEqualTo(TokenStatus.REVOKED);
    }

    @Test
    void revokeAllWhenListenersThenBulkRevokedEventsWithCounts() {
        issue("alice");
        issue("alice");
        issue("bob");
        events.clear();
        assertThat(service.revokeAllForOwner("acme", "alice", "hr", "offboarded")).isEqualTo(2);
        assertThat(service.revokeAllForTenant("acme", "ops", null)).isEqualTo(1);
        assertThat(events).containsExactly(
                new TokenEvent.BulkRevoked(TestClock.START, "acme", "alice", 2, "hr", "offboarded"),
                new TokenEvent.BulkRevoked(TestClock.START, "acme", null, 1, "ops", null));
    }

    @Test
    void verifyWhenFailedThenVerificationFailedWithReasonTokenIdAndIp() {
        IssuedToken issued = issue("alice");
        service.revoke("acme", issued.info().id(), "alice", null);
        events.clear();

        assertThat(failureOf(service.verify(issued.plaintext(), null, AbilityCheck.none(), "203.0.113.9")))
                .isEqualTo(VerificationFailure.REVOKED);
        assertThat(failureOf(service.verify("garbage", null, AbilityCheck.none(), "203.0.113.10")))
                .isEqualTo(VerificationFailure.MALFORMED);

        assertThat(events).containsExactly(
                new TokenEvent.VerificationFailed(TestClock.START, VerificationFailure.REVOKED, issued.info().id(),
                        "203.0.113.9"),
                new TokenEvent.VerificationFailed(TestClock.START, VerificationFailure.MALFORMED, null,
                        "203.0.113.10"));
    }

    @Test
    void verifyWhenValidThenNoEvent() {
        IssuedToken issued = issue("alice");
        events.clear();
        assertThat(service.verify(issued.plaintext()).isValid()).isTrue();
        assertThat(events).isEmpty();
    }
}
