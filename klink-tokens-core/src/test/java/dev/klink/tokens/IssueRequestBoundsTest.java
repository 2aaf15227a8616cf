package dev.klink.tokens;

import static dev.klink.tokens.VerificationResults.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klink.tokens.page.PageRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bounded input: ability count, name and metadata sizes, nulls, and tenant and owner ids that could alias. */
class IssueRequestBoundsTest {

    private final TestClock clock = new TestClock();
    private final InMemoryTokenStore store = new InMemoryTokenStore();
    private final TokenService service = TokenService.builder(store).clock(clock).backgroundUsageFlush(false)
            .build();

    private static void assertInvalid(ThrowingCallable call, String field) {
        assertThatThrownBy(call).isInstanceOf(InvalidTokenRequestException.class)
                .extracting(e -> ((InvalidTokenRequestException) e).field()).isEqualTo(field);
    }

    private static String[] abilities(int count) {
        return IntStream.range(0, count).mapToObj(i -> "a" + i).toArray(String[]::new);
    }

    @Test
    void issueWhen64AbilitiesThenIssuedAnd65ThenRefused() {
        assertThat(service.issue(IssueRequest.builder("acme", "alice").name("CI").abilities(abilities(64)).build())
                .info().abilities()).hasSize(64);

        assertThatThrownBy(() -> service.issue(IssueRequest.builder("acme", "alice").name("CI")
                .abilities(abilities(65)).build()))
                .isInstanceOf(InvalidTokenRequestException.class)
                .hasMessage("A token may hold at most 64 abilities, was 65")
                .extracting(e -> ((InvalidTokenRequestException) e).field()).isEqualTo("abilities");
    }

    @Test
    void issueWhenPolicyAllowsFewerAbilitiesThenItsLimitApplies() {
        TokenService strict = TokenService.builder(store).backgroundUsageFlush(false)
                .policy(TokenPolicy.builder().maxAbilitiesPerToken(2).build()).build();

        assertInvalid(() -> strict.issue(IssueRequest.builder("acme", "alice").name("CI").abilities(abilities(3))
                .build()), "abilities");
        assertThat(TokenPolicy.defaults().maxAbilitiesPerToken()).isEqualTo(64);
    }

    @Test
    void policyWhenMaxAbilitiesPerTokenBelowOneThenRefusedNamingTheSetting() {
        assertThatThrownBy(() -> TokenPolicy.builder().maxAbilitiesPerToken(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxAbilitiesPerToken must be at least 1, was 0");
    }

    @Test
    void issueWhenNameLongerThanTheLimitThenRefused() {
        assertInvalid(() -> service.issue(IssueRequest.builder("acme", "alice").name("n".repeat(101))
                .abilities("a").build()), "name");
        assertInvalid(() -> service.issue(IssueRequest.builder("acme", "alice").name("n".repeat(201))
                .abilities("a").build()), "name");
    }

    @Test
    void issueWhenMoreThan20MetadataEntriesThenRefused() {
        Map<String, String> metadata = new HashMap<>();
        IntStream.range(0, 21).forEach(i -> metadata.put("k" + i, "v"));
        assertInvalid(() -> service.issue(IssueRequest.builder("acme", "alice").name("CI").abilities("a")
                .metadata(metadata).build()), "metadata");
    }

    @Test
    void issueRequestWhenAbilityNullThenInvalidNamingAbilities() {
        assertInvalid(() -> IssueRequest.builder("acme", "alice").name("CI").abilities("a", null).build(),
                "abilities");
        assertInvalid(() -> IssueRequest.builder("acme", "alice").name("CI").abilities(Arrays.asList("a", null))
                .build(), "abilities");
        assertInvalid(() -> IssueRequest.builder("acme", "alice").name("CI").abilities((String[]) null).build(),
                "abilities");
    }

    @Test
    void issueRequestWhenNameNullThenInvalidNamingName() {
        assertInvalid(() -> service.issue(IssueRequest.builder("acme", "alice").name(null).abilities("a").build()),
                "name");
    }

    @Test
    void issueRequestWhenMetadataHoldsNullThenInvalidNamingMetadata() {
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("k", null);
        assertInvalid(() -> IssueRequest.builder("acme", "alice").metadata(nullValue), "metadata");
        Map<String, String> nullKey = new HashMap<>();
        nullKey.put(null, "v");
        assertInvalid(() -> IssueRequest.builder("acme", "alice").metadata(nullKey), "metadata");
        assertInvalid(() -> IssueRequest.builder("acme", "alice").metadata(null), "metadata");
    }

    @Test
    void issueRequestWhenExpiryNullThenInvalidNamingExpiresAt() {
        assertInvalid(() -> IssueRequest.builder("acme", "alice").expiresAt((Instant) null), "expiresAt");
        assertInvalid(() -> IssueRequest.builder("acme", "alice").expiresAfter((Duration) null), "expiresAt");
    }

    @Test
    void issueWhenTenantOrOwnerNullThenInvalidNamingIt() {
        assertInvalid(() -> service.issue(IssueRequest.builder(null, "alice").name("CI").abilities("a").build()),
                "tenantId");
        assertInvalid(() -> service.issue(IssueRequest.builder("acme", null).name("CI").abilities("a").build()),
                "ownerId");
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice ", " alice", "alice\t", "\u00a0alice", "alice\u2028", "al\u0085ice", "al\nice"})
    void issueWhenOwnerIdPaddedOrHoldsControlCharacterThenRefused(String ownerId) {
        assertInvalid(() -> service.issue(IssueRequest.builder("acme", ownerId).name("CI").abilities("a").build()),
                "ownerId");
        assertInvalid(() -> service.issue(IssueRequest.builder(ownerId, "alice").name("CI").abilities("a").build()),
                "tenantId");
        assertThat(store.size()).isZero();
    }

    @Test
    void listAndRevokeWhenIdsPaddedThenRefusedAndNothingChanges() {
        IssuedToken issued = service.issue(IssueRequest.builder("acme", "alice").name("CI").abilities("a").build());

        assertInvalid(() -> service.listByOwner("acme", "alice ", PageRequest.first(10)), "ownerId");
        assertInvalid(() -> service.listByOwner("acme ", "alice", PageRequest.first(10)), "tenantId");
        assertInvalid(() -> service.listByTenant("acme ", PageRequest.first(10)), "tenantId");
        assertInvalid(() -> service.revokeAllForOwner("acme", "alice ", "admin", null), "ownerId");
        assertInvalid(() -> service.revokeAllForTenant(" acme", "admin", null), "tenantId");
        assertInvalid(() -> service.revoke("acme\u0000", issued.info().id(), "admin", null), "tenantId");
        assertInvalid(() -> service.rotate("acme ", issued.info().id(), "admin"), "tenantId");
        assertInvalid(() -> service.get("acme ", issued.info().id()), "tenantId");

        assertThat(service.verify(issued.plaintext()).isValid()).isTrue();
        assertThat(service.listByOwner("acme", "alice", PageRequest.first(10)).items()).extracting(TokenInfo::status)
                .isEqualTo(List.of(TokenStatus.ACTIVE));
    }

    @Test
    void verifyWhenExpectedTenantPaddedThenWrongTenant() {
        IssuedToken issued = service.issue(IssueRequest.builder("acme", "alice").name("CI").abilities("a").build());

        assertThat(failureOf(service.verify(issued.plaintext(), "acme ", AbilityCheck.none(), null)))
                .isEqualTo(VerificationFailure.WRONG_TENANT);
        assertThat(failureOf(service.verify(issued.plaintext(), "acme\n", AbilityCheck.none(), null)))
                .isEqualTo(VerificationFailure.WRONG_TENANT);
    }
}
