package dev.klink.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Max lifetime, never-expiring tokens, name rules and the active-token limit, enforced at issue. */
class TokenPolicyTest {

    private final TestClock clock = new TestClock();
    private final InMemoryTokenStore store = new InMemoryTokenStore();

    private TokenService service(TokenPolicy policy) {
        return TokenService.builder(store).clock(clock).policy(policy).backgroundUsageFlush(false).build();
    }

    private static IssueRequest.Builder request() {
        return IssueRequest.builder("acme", "alice").name("CI");
    }

    private static String field(Throwable e) {
        return ((InvalidTokenRequestException) e).field();
    }

    @Test
    void defaultsWhenUnsetThen366DaysMax30DaysDefaultNoNever100Active() {
        TokenPolicy policy = TokenPolicy.defaults();
        assertThat(policy.maxLifetime()).isEqualTo(Duration.ofDays(366));
        assertThat(policy.defaultLifetime()).isEqualTo(Duration.ofDays(30));
        assertThat(policy.allowNeverExpires()).isFalse();
        assertThat(policy.maxActiveTokensPerOwner()).isEqualTo(100);
    }

    @Test
    void issueWhenExactly366DaysThenAccepted() {
        IssuedToken issued = service(TokenPolicy.defaults()).issue(request().expiresAfter(Duration.ofDays(366))
                .build());
        assertThat(issued.info().expiresAt()).isEqualTo(TestClock.START.plus(Duration.ofDays(366)));
        IssuedToken at = service(TokenPolicy.defaults()).issue(request()
                .expiresAt(TestClock.START.plus(Duration.ofDays(366))).build());
        assertThat(at.info().expiresAt()).isEqualTo(TestClock.START.plus(Duration.ofDays(366)));
    }

    @Test
    void issueWhen366DaysPlusOneSecondThenRejected() {
        TokenService service = service(TokenPolicy.defaults());
        assertThatThrownBy(() -> service.issue(request().expiresAfter(Duration.ofDays(366).plusSeconds(1)).build()))
                .isInstanceOf(InvalidTokenRequestException.class)
                .hasMessage("The expiry must be at most 366 days away")
                .extracting(TokenPolicyTest::field).isEqualTo("expiresAt");
        assertThatThrownBy(() -> service.issue(request()
                .expiresAt(TestClock.START.plus(Duration.ofDays(366)).plusSeconds(1)).build()))
                .isInstanceOf(InvalidTokenRequestException.class)
                .hasMessage("The expiry must be at most 366 days away");
        assertThat(store.size()).isZero();
    }

    @Test
    void issueWhenExpiryNowOrPastOrZeroLifetimeThenRejected() {
        TokenService service = service(TokenPolicy.defaults());
        assertThatThrownBy(() -> service.issue(request().expiresAt(TestClock.START).build()))
                .isInstanceOf(InvalidTokenRequestException.class).hasMessage("The expiry must lie in the future");
        assertThatThrownBy(() -> service.issue(request().expiresAfter(Duration.ZERO).build()))
                .isInstanceOf(InvalidTokenRequestException.class).hasMessage("The lifetime must be positive, was PT0S");
        assertThatThrownBy(() -> service.issue(request().expiresInDays(-1).build()))
                .isInstanceOf(InvalidTokenRequestException.class)
                .hasMessage("The lifetime must be positive, was PT-24H");
    }

    @Test
    void issueWhenNoExpiryGivenThenDefaultLifetime() {
        IssuedToken issued = service(TokenPolicy.defaults()).issue(request().build());
        assertThat(issued.info().expiresAt()).isEqualTo(TestClock.START.plus(Duration.ofDays(30)));
    }

    @Test
    void issueWhenCustomMaxLifetimeThenEnforced() {
        TokenService service = service(TokenPolicy.builder().maxLifetime(Duration.ofDays(90))
                .defaultLifetime(Duration.ofDays(7)).build());
        assertThat(service.issue(request().expiresInDays(90).build()).info().expiresAt())
                .isEqualTo(TestClock.START.plus(Duration.ofDays(90)));
        assertThatThrownBy(() -> service.issue(request().expiresInDays(91).build()))
                .isInstanceOf(InvalidTokenRequestException.class)
                .hasMessage("The expiry must be at most 90 days away");
    }

    @Test
    void issueWhenNeverExpiresAndNotAllowedThenRejected() {
        assertThatThrownBy(() -> service(TokenPolicy.defaults()).issue(request().neverExpires().build()))
                .isInstanceOf(InvalidTokenRequestException.class)
                .hasMessage("Tokens must expire; the longest lifetime allowed is 366 days")
                .extracting(TokenPolicyTest::field).isEqualTo("expiresAt");
    }

    @Test
    void issueWhenNeverExpiresAndAllowedThenActiveForever() {
        TokenService service = service(TokenPolicy.builder().allowNeverExpires(true).build());
        IssuedToken issued = service.issue(request().neverExpires().build());
        assertThat(issued.info().expiresAt()).isNull();
        clock.advance(Duration.ofDays(3650));
        assertThat(service.verify(issued.plaintext()).isValid()).isTrue();
        assertThat(service.get("acme", issued.info().id()).orElseThrow().status()).isEqualTo(TokenStatus.ACTIVE);
    }

    @Test
    void issueWhenName100CharsThenAcceptedAnd101Rejected() {
        TokenService service = service(TokenPolicy.defaults());
        String hundred = "n".repeat(100);
        assertThat(service.issue(request().name(hundred).build()).info().name()).isEqualTo(hundred);
        assertThat(service.issue(request().name("  " + hundred + "\t").build()).info().name()).isEqualTo(hundred);
        assertThatThrownBy(() -> service.issue(request().name("n".repeat(101)).build()))
                .isInstanceOf(InvalidTokenRequestException.class)
                .hasMessage("name must be at most 100 characters")
                .extracting(TokenPolicyTest::field).isEqualTo("name");
    }

    @Test
    void issueWhenNameHasSurroundingSpaceThenTrimmedValueStored() {
        IssuedToken issued = service(TokenPolicy.defaults()).issue(request().name("  CI deploy \n").build());
        assertThat(issued.info().name()).isEqualTo("CI deploy");
        assertThat(store.findById(issued.info().id()).orElseThrow().name()).isEqualTo("CI deploy");
    }

    @Test
    void issueWhenNameBlankOrHasControlCharsThenRejected() {
        TokenService service = service(TokenPolicy.defaults());
        assertThatThrownBy(() -> service.issue(request().name("   ").build()))
                .isInstanceOf(InvalidTokenRequestException.class).hasMessage("name must not be blank");
        assertThatThrownBy(() -> service.issue(request().name("").build()))
                .isInstanceOf(InvalidTokenRequestException.class).hasMessage("name must not be blank");
        assertThatThrownBy(() -> service.issue(request().name("CI\u0007deploy").build()))
                .isInstanceOf(InvalidTokenRequestException.class)
                .hasMessage("name must not contain control characters");
        assertThatThrownBy(() -> service.issue(request().name("line\nbreak").build()))
                .isInstanceOf(InvalidTokenRequestException.class)
                .hasMessage("name must not contain control characters");
        assertThat(store.size()).isZero();
    }

    @Test
    void issueWhenOwnerHolds100ActiveThen101stRejectedUntilOneRevoked() {
        TokenService service = service(TokenPolicy.defaults());
        IssuedToken first = service.issue(request().build());
        for (int i = 2; i <= 100; i++) {
            service.issue(request().name("token " + i).build());
        }
        assertThatThrownBy(() -> service.issue(request().name("token 101").build()))
                .isInstanceOf(TokenLimitExceededException.class)
                .hasMessage("The owner already has the maximum of 100 active tokens; revoke one first")
                .extracting(e -> ((TokenLimitExceededException) e).limit()).isEqualTo(100);
        // another owner is not affected
        assertThat(service.issue(IssueRequest.builder("acme", "bob").name("CI").build()).info().ownerId())
                .isEqualTo("bob");

        service.revoke("acme", first.info().id(), "alice", "make room");
        assertThat(service.issue(request().name("token 101").build()).info().name()).isEqualTo("token 101");
        assertThatThrownBy(() -> service.issue(request().name("token 102").build()))
                .isInstanceOf(TokenLimitExceededException.class);
    }

    @Test
    void issueWhenOldTokensExpiredThenTheyDoNotCountTowardsLimit() {
        TokenService service = service(TokenPolicy.builder().maxActiveTokensPerOwner(2).build());
        service.issue(request().expiresInDays(1).build());
        service.issue(request().expiresInDays(2).build());
        assertThatThrownBy(() -> service.issue(request().build())).isInstanceOf(TokenLimitExceededException.class);
        clock.advance(Duration.ofDays(1));
        assertThat(service.issue(request().build()).info().status()).isEqualTo(TokenStatus.ACTIVE);
    }

    @Test
    void builderWhenSettingInvalidThenMessageNamesIt() {
        assertThatThrownBy(() -> TokenPolicy.builder().maxLifetime(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxLifetime must be positive, was PT0S");
        assertThatThrownBy(() -> TokenPolicy.builder().defaultLifetime(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("defaultLifetime must be positive, was PT-1S");
        assertThatThrownBy(() -> TokenPolicy.builder().maxActiveTokensPerOwner(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxActiveTokensPerOwner must be at least 1, was 0");
        assertThatThrownBy(() -> TokenPolicy.builder().maxLifetime(Duration.ofDays(10)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("defaultLifetime (PT720H) must not exceed maxLifetime (PT240H)");
    }

    @Test
    void issueWhenTenantOrOwnerBlankThenRejectedNamingField() {
        TokenService service = service(TokenPolicy.defaults());
        assertThatThrownBy(() -> service.issue(IssueRequest.builder(" ", "alice").name("CI").build()))
                .isInstanceOf(InvalidTokenRequestException.class).hasMessage("tenantId must not be blank")
                .extracting(TokenPolicyTest::field).isEqualTo("tenantId");
        assertThatThrownBy(() -> service.issue(IssueRequest.builder("acme", "").name("CI").build()))
                .isInstanceOf(InvalidTokenRequestException.class).hasMessage("ownerId must not be blank");
    }
}
