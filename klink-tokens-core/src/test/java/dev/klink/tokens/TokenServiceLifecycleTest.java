package dev.klink.tokens;

import static dev.klink.tokens.VerificationResults.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klink.tokens.page.Page;
import dev.klink.tokens.page.PageRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue, verify, expire, revoke, rotate, list, remind and prune, each at its exact time boundary. */
class TokenServiceLifecycleTest {

    private static final Duration MICRO = Duration.ofNanos(1_000);

    private final TestClock clock = new TestClock();
    private final CountingTokenStore store = new CountingTokenStore();
    private final TokenService service = TokenService.builder(store).clock(clock).backgroundUsageFlush(false)
            .build();

    private IssuedToken issue(String tenant, String owner, String name, int days) {
        return service.issue(IssueRequest.builder(tenant, owner).name(name).abilities("orders:read")
                .expiresInDays(days).build());
    }

    private IssuedToken issue(int days) {
        return issue("acme", "alice", "CI", days);
    }

    private VerificationFailure failure(String plaintext) {
        return failureOf(service.verify(plaintext));
    }

    @Test
    void verifyWhenFreshlyIssuedThenValidWithPrincipal() {
        IssuedToken issued = service.issue(IssueRequest.builder("acme", "alice").name("CI deploy")
                .abilities("orders:read", "orders:write").expiresInDays(30).build());

        assertThat(issued.plaintext()).startsWith("klink_pat_" + issued.info().id() + "_");
        assertThat(issued.info().hint()).isEqualTo("klink_pat_" + issued.info().id() + "_\u2026");
        assertThat(issued.info().status()).isEqualTo(TokenStatus.ACTIVE);
        assertThat(issued.info().createdAt()).isEqualTo(TestClock.START);
        VerificationResult result = service.verify(issued.plaintext());
        assertThat(result.isValid()).isTrue();
        assertThat(failureOf(result)).isNull();
        assertThat(result.tokenId()).isEqualTo(issued.info().id());
        TokenPrincipal principal = result.requirePrincipal();
        assertThat(principal.tenantId()).isEqualTo("acme");
        assertThat(principal.ownerId()).isEqualTo("alice");
        assertThat(principal.getName()).isEqualTo("alice");
        assertThat(principal.tokenId()).isEqualTo(issued.info().id());
        assertThat(principal.tokenName()).isEqualTo("CI deploy");
        assertThat(principal.abilities()).containsExactlyInAnyOrder("orders:read", "orders:write");
        assertThat(principal.expiresAt()).isEqualTo(TestClock.START.plus(Duration.ofDays(30)));
    }

    @Test
    void verifyWhenOneMicrosecondBeforeExpiryThenValidAndAtExpiryThenExpired() {
        IssuedToken issued = issue(30);
        Instant expiresAt = issued.info().expiresAt();
        assertThat(expiresAt).isEqualTo(TestClock.START.plus(Duration.ofDays(30)));

        clock.set(expiresAt.minus(MICRO));
        assertThat(service.verify(issued.plaintext()).isValid()).isTrue();
        assertThat(service.get("acme", issued.info().id()).orElseThrow().status()).isEqualTo(TokenStatus.ACTIVE);

        clock.set(expiresAt);
        assertThat(failure(issued.plaintext())).isEqualTo(VerificationFailure.EXPIRED);
        assertThat(service.verify(issued.plaintext()).tokenId()).isEqualTo(issued.info().id());
        assertThat(service.get("acme", issued.info().id()).orElseThrow().status()).isEqualTo(TokenStatus.EXPIRED);
    }

    @Test
    void verifyWhenTokenRevokedThenRevokedAtOnce() {
        IssuedToken issued = issue(30);
        assertThat(service.verify(issued.plaintext()).isValid()).isTrue();

        TokenInfo info = service.revoke("acme", issued.info().id(), "alice", "leaked in CI log");

        assertThat(failure(issued.plaintext())).isEqualTo(VerificationFailure.REVOKED);
        assertThat(info.status()).isEqualTo(TokenStatus.REVOKED);
        assertThat(info.revokedAt()).isEqualTo(TestClock.START);
        assertThat(info.revokedBy()).isEqualTo("alice");
        assertThat(info.revokeReason()).isEqualTo("leaked in CI log");
    }

    @Test
    void revokeWhenAlreadyRevokedThenUnchanged() {
        IssuedToken issued = issue(30);
        TokenInfo first = service.revoke("acme", issued.info().id(), "alice", "first");
        clock.advance(Duration.ofHours(1));
        TokenInfo second = service.revoke("acme", issued.info().id(), "admin", "second");
        assertThat(second.revokedAt()).isEqualTo(first.revokedAt()).isEqualTo(TestClock.START);
        assertThat(second.revokedBy()).isEqualTo("alice");
        assertThat(second.revokeReason()).isEqualTo("first");
        assertThat(failure(issued.plaintext())).isEqualTo(VerificationFailure.REVOKED);
    }

    @Test
    void revokeWhenUnknownIdOrOtherTenantThenNotFoundAndTokenUntouched() {
        IssuedToken issued = issue(30);
        assertThatThrownBy(() -> service.revoke("other", issued.info().id(), "mallory", null))
                .isInstanceOf(TokenNotFoundException.class)
                .hasMessage("No token with id " + issued.info().id());
        assertThatThrownBy(() -> service.revoke("acme", "0000000000000000", "alice", null))
                .isInstanceOf(TokenNotFoundException.class);
        assertThat(service.verify(issued.plaintext()).isValid()).isTrue();
    }

    @Test
    void revokeAllForOwnerWhenOffboardingThenOnlyThatOwnersTokensRevoked() {
        IssuedToken a1 = issue("acme", "alice", "one", 30);
        IssuedToken a2 = issue("acme", "alice", "two", 30);
        IssuedToken already = issue("acme", "alice", "three", 30);
        service.revoke("acme", already.info().id(), "alice", null);
        IssuedToken bob = issue("acme", "bob", "one", 30);
        IssuedToken otherTenant = issue("globex", "alice", "one", 30);

        assertThat(service.revokeAllForOwner("acme", "alice", "hr", "left the company")).isEqualTo(2);

        assertThat(failure(a1.plaintext())).isEqualTo(VerificationFailure.REVOKED);
        assertThat(failure(a2.plaintext())).isEqualTo(VerificationFailure.REVOKED);
        assertThat(service.get("acme", a1.info().id()).orElseThrow().revokeReason()).isEqualTo("left the company");
        assertThat(service.get("acme", already.info().id()).orElseThrow().revokedBy()).isEqualTo("alice");
        assertThat(service.verify(bob.plaintext()).isValid()).isTrue();
        assertThat(service.verify(otherTenant.plaintext()).isValid()).isTrue();
    }

    @Test
    void revokeAllForTenantWhenCalledThenEveryTokenOfTenantRevoked() {
        IssuedToken a = issue("acme", "alice", "one", 30);
        IssuedToken b = issue("acme", "bob", "one", 30);
        IssuedToken other = issue("globex", "carol", "one", 30);

        assertThat(service.revokeAllForTenant("acme", "ops", "tenant closed")).isEqualTo(2);
        assertThat(service.revokeAllForTenant("acme", "ops", "again")).isZero();

        assertThat(failure(a.plaintext())).isEqualTo(VerificationFailure.REVOKED);
        assertThat(failure(b.plaintext())).isEqualTo(VerificationFailure.REVOKED);
        assertThat(service.verify(other.plaintext()).isValid()).isTrue();
    }

    @Test
    void rotateWhenNoGracePeriodThenOldRevokedNowNewWorksAndBothLinked() {
        IssuedToken old = service.issue(IssueRequest.builder("acme", "alice").name("CI deploy")
                .abilities("orders:read", "orders:write").expiresInDays(30).build());
        clock.advance(Duration.ofDays(10));

        IssuedToken replacement = service.rotate("acme", old.info().id(), "alice");

        assertThat(replacement.plaintext()).isNotEqualTo(old.plaintext());
        assertThat(service.verify(replacement.plaintext()).isValid()).isTrue();
        assertThat(failure(old.plaintext())).isEqualTo(VerificationFailure.REVOKED);
        TokenInfo oldInfo = service.get("acme", old.info().id()).orElseThrow();
        TokenInfo newInfo = replacement.info();
        assertThat(oldInfo.rotatedToId()).isEqualTo(newInfo.id());
        assertThat(newInfo.rotatedFromId()).isEqualTo(oldInfo.id());
        assertThat(oldInfo.revokedAt()).isEqualTo(clock.instant());
        assertThat(oldInfo.revokedBy()).isEqualTo("alice");
        assertThat(oldInfo.revokeReason()).isEqualTo("rotated");
        assertThat(oldInfo.status()).isEqualTo(TokenStatus.ROTATED);
        assertThat(newInfo.name()).isEqualTo("CI deploy");
        assertThat(newInfo.abilities()).isEqualTo(oldInfo.abilities());
        assertThat(newInfo.ownerId()).isEqualTo("alice");
        assertThat(newInfo.createdAt()).isEqualTo(TestClock.START.plus(Duration.ofDays(10)));
        assertThat(Duration.between(newInfo.createdAt(), newInfo.expiresAt())).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void rotateWhenGracePeriodThenOldValidUntilItsEndAndRevokedExactlyAtIt() {
        IssuedToken old = issue(30);
        IssuedToken replacement = service.rotate("acme", old.info().id(), Duration.ofHours(1), "alice");
        Instant graceEnd = TestClock.START.plus(Duration.ofHours(1));

        assertThat(service.verify(replacement.plaintext()).isValid()).isTrue();
        assertThat(service.verify(old.plaintext()).isValid()).isTrue();
        TokenInfo during = service.get("acme", old.info().id()).orElseThrow();
        assertThat(during.status()).isEqualTo(TokenStatus.ACTIVE);
        assertThat(during.revokedAt()).isEqualTo(graceEnd);
        assertThat(during.rotatedToId()).isEqualTo(replacement.info().id());

        clock.set(graceEnd.minus(MICRO));
        assertThat(service.verify(old.plaintext()).isValid()).isTrue();
        clock.set(graceEnd);
        assertThat(failure(old.plaintext())).isEqualTo(VerificationFailure.REVOKED);
        assertThat(service.get("acme", old.info().id()).orElseThrow().status()).isEqualTo(TokenStatus.ROTATED);
        assertThat(service.verify(replacement.plaintext()).isValid()).isTrue();
    }

    @Test
    void getWhenRotatedTokenRevokedByHandInGracePeriodThenStillRotatedAndLinked() {
        IssuedToken old = issue(30);
        IssuedToken replacement = service.rotate("acme", old.info().id(), Duration.ofHours(1), "alice");
        service.revoke("acme", old.info().id(), "alice", "no need to wait");

        TokenInfo info = service.get("acme", old.info().id()).orElseThrow();
        assertThat(info.status()).isEqualTo(TokenStatus.ROTATED);
        assertThat(info.status().isRevoked()).isTrue();
        assertThat(info.rotatedToId()).isEqualTo(replacement.info().id());
    }

    @Test
    void revokeWhenInGracePeriodThenRevokedNow() {
        IssuedToken old = issue(30);
        service.rotate("acme", old.info().id(), Duration.ofHours(1), "alice");
        clock.advance(Duration.ofMinutes(5));
        TokenInfo info = service.revoke("acme", old.info().id(), "alice", "no need to wait");
        assertThat(info.revokedAt()).isEqualTo(TestClock.START.plus(Duration.ofMinutes(5)));
        assertThat(failure(old.plaintext())).isEqualTo(VerificationFailure.REVOKED);
    }

    @Test
    void rotateWhenAlreadyRotatedRevokedOrNegativeGraceThenRejected() {
        IssuedToken old = issue(30);
        service.rotate("acme", old.info().id(), Duration.ofHours(1), "alice");
        assertThatThrownBy(() -> service.rotate("acme", old.info().id(), "alice"))
                .isInstanceOf(InvalidTokenRequestException.class)
                .hasMessage("Only an active token that was not rotated yet can be rotated; this one is rotated");
        IssuedToken revoked = issue(30);
        service.revoke("acme", revoked.info().id(), "alice", null);
        assertThatThrownBy(() -> service.rotate("acme", revoked.info().id(), "alice"))
                .isInstanceOf(InvalidTokenRequestException.class)
                .hasMessage("Only an active token that was not rotated yet can be rotated; this one is revoked");
        IssuedToken fresh = issue(30);
        assertThatThrownBy(() -> service.rotate("acme", fresh.info().id(), Duration.ofSeconds(-1), "alice"))
                .isInstanceOf(InvalidTokenRequestException.class)
                .hasMessage("gracePeriod must not be negative, was PT-1S");
        assertThatThrownBy(() -> service.rotate("globex", fresh.info().id(), "alice"))
                .isInstanceOf(TokenNotFoundException.class);
    }

    @Test
    void getWhenOtherTenantThenEmpty() {
        IssuedToken issued = issue(30);
        assertThat(service.get("acme", issued.info().id())).get().extracting(TokenInfo::name).isEqualTo("CI");
        assertThat(service.get("globex", issued.info().id())).isEmpty();
        assertThat(service.get("acme", "0000000000000000")).isEmpty();
    }

    @Test
    void listByOwnerAndTenantWhenPagedThenNewestFirstWithTotals() {
        for (int i = 1; i <= 5; i++) {
            issue("acme", "alice", "alice " + i, 30);
            clock.advance(Duration.ofSeconds(1));
        }
        issue("acme", "bob", "bob 1", 30);
        clock.advance(Duration.ofSeconds(1));
        issue("globex", "alice", "elsewhere", 30);

        Page<TokenInfo> first = service.listByOwner("acme", "alice", PageRequest.of(0, 2));
        assertThat(first.items()).extracting(TokenInfo::name).containsExactly("alice 5", "alice 4");
        assertThat(first.totalItems()).isEqualTo(5);
        assertThat(first.totalPages()).isEqualTo(3);
        assertThat(first.hasNext()).isTrue();
        Page<TokenInfo> last = service.listByOwner("acme", "alice", PageRequest.of(2, 2));
        assertThat(last.items()).extracting(TokenInfo::name).containsExactly("alice 1");
        assertThat(last.hasNext()).isFalse();
        assertThat(service.listByOwner("acme", "alice", PageRequest.of(3, 2)).items()).isEmpty();

        Page<TokenInfo> tenant = service.listByTenant("acme", PageRequest.first(10));
        assertThat(tenant.items()).extracting(TokenInfo::name)
                .containsExactly("bob 1", "alice 5", "alice 4", "alice 3", "alice 2", "alice 1");
        assertThat(tenant.totalItems()).isEqualTo(6);
        assertThat(service.listByTenant("globex", PageRequest.first(10)).items()).extracting(TokenInfo::name)
                .containsExactly("elsewhere");
    }

    @Test
    void listWhenStatusesMixedThenEachDerivedAtReadTime() {
        IssuedToken expiring = issue("acme", "alice", "short", 1);
        IssuedToken revoked = issue("acme", "alice", "revoked", 30);
        IssuedToken active = issue("acme", "alice", "active", 30);
        service.revoke("acme", revoked.info().id(), "alice", null);
        clock.advance(Duration.ofDays(1));
        assertThat(service.listByOwner("acme", "alice", PageRequest.first(10)).items())
                .extracting(TokenInfo::id, TokenInfo::status)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(expiring.info().id(), TokenStatus.EXPIRED),
                        org.assertj.core.groups.Tuple.tuple(revoked.info().id(), TokenStatus.REVOKED),
                        org.assertj.core.groups.Tuple.tuple(active.info().id(), TokenStatus.ACTIVE));
    }

    @Test
    void expiringWithinDaysWhenTokensAroundBoundaryThenSoonestFirstInclusiveEnd() {
        IssuedToken in3 = issue("acme", "alice", "in 3 days", 3);
        IssuedToken in7 = issue("globex", "bob", "in exactly 7 days", 7);
        issue("acme", "alice", "in 8 days", 8);
        IssuedToken revokedIn2 = issue("acme", "alice", "revoked, in 2 days", 2);
        service.revoke("acme", revokedIn2.info().id(), "alice", null);
        IssuedToken expiredAlready = issue("acme", "alice", "one day", 1);
        clock.advance(Duration.ofDays(1));
        // now: in3 expires in 2 days, in7 in 6 days, "in 8 days" in 7 days exactly, expiredAlready is expired

        List<TokenInfo> expiring = service.expiringWithinDays(7);

        assertThat(expiring).extracting(TokenInfo::name)
                .containsExactly("in 3 days", "in exactly 7 days", "in 8 days");
        assertThat(expiring).extracting(TokenInfo::id).doesNotContain(expiredAlready.info().id(),
                revokedIn2.info().id());
        assertThat(service.expiringWithinDays(2)).extracting(TokenInfo::id).containsExactly(in3.info().id());
        assertThat(service.expiringWithin(Duration.ofDays(2).minus(MICRO))).isEmpty();
        assertThat(service.expiringWithinDays(6)).extracting(TokenInfo::id)
                .containsExactly(in3.info().id(), in7.info().id());
        assertThatThrownBy(() -> service.expiringWithinDays(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("within must not be negative, was PT-24H");
    }

    @Test
    void pruneWhenInactiveLongerThanRetentionThenDeletedAndBoundaryKept() {
        IssuedToken expiredAtCutoff = issue("acme", "alice", "expired exactly 30 days ago", 1);
        IssuedToken active = issue("acme", "alice", "active", 366);
        IssuedToken revokedLong = issue("acme", "alice", "revoked 31 days ago", 366);
        service.revoke("acme", revokedLong.info().id(), "alice", null);
        clock.advance(Duration.ofDays(1).plusSeconds(1));
        IssuedToken revokedRecently = issue("acme", "alice", "revoked 30 days ago less 1s", 366);
        service.revoke("acme", revokedRecently.info().id(), "alice", null);
        clock.set(TestClock.START.plus(Duration.ofDays(31)));
        // cutoff = START + 1 day: expiredAtCutoff expired exactly at the cutoff, revokedLong 1 day before it

        assertThat(service.prune(Duration.ofDays(30))).isEqualTo(1);

        assertThat(service.get("acme", revokedLong.info().id())).isEmpty();
        assertThat(service.get("acme", expiredAtCutoff.info().id())).isPresent();
        assertThat(service.get("acme", revokedRecently.info().id())).isPresent();
        assertThat(service.get("acme", active.info().id())).isPresent();

        clock.advance(Duration.ofNanos(1));
        assertThat(service.prune(Duration.ofDays(30))).isEqualTo(1);
        assertThat(service.get("acme", expiredAtCutoff.info().id())).isEmpty();
        assertThatThrownBy(() -> service.prune(Duration.ofDays(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("retention must not be negative, was PT-24H");
    }
}
