package dev.klink.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** equals, hashCode and toString of the public value types: exact, and never showing a secret. */
class ValueSemanticsTest {

    private static final AbilityCatalog CATALOG = AbilityCatalog.unrestricted();
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private static TokenPrincipal principal(String tenant, String owner, String id, String name, Set<String> abilities) {
        return new TokenPrincipal(tenant, owner, id, name, abilities, null, CATALOG);
    }

    @Test
    void abilityCheckWhenSameModeAndAbilitiesThenEqualWithTheSameHash() {
        AbilityCheck check = AbilityCheck.all("a", "b");

        assertThat(check).isEqualTo(AbilityCheck.all("a", "b"));
        assertThat(check.hashCode()).isEqualTo(AbilityCheck.Mode.ALL.hashCode() * 31 + List.of("a", "b").hashCode());
    }

    @Test
    void abilityCheckWhenModeOrAbilitiesDifferThenNotEqual() {
        AbilityCheck check = AbilityCheck.all("a", "b");

        assertThat(check).isNotEqualTo(AbilityCheck.any("a", "b"));
        assertThat(check).isNotEqualTo(AbilityCheck.all("a", "c"));
        assertThat(check).isNotEqualTo(AbilityCheck.all("b", "a"));
        assertThat(check).isNotEqualTo("all[a, b]");
    }

    @Test
    void abilityCheckWhenNoneThenIsNoneWithNoAbilitiesAndPrintsNone() {
        assertThat(AbilityCheck.none().isNone()).isTrue();
        assertThat(AbilityCheck.none().abilities()).isEmpty();
        assertThat(AbilityCheck.none()).hasToString("none()");
    }

    @Test
    void abilityCheckWhenAbilitiesGivenThenNotNoneAndKeepsThemInOrder() {
        AbilityCheck check = AbilityCheck.any("orders:write", "admin");

        assertThat(check.isNone()).isFalse();
        assertThat(check.abilities()).containsExactly("orders:write", "admin");
        assertThat(check).hasToString("any[orders:write, admin]");
        assertThat(AbilityCheck.all("orders:read")).hasToString("all[orders:read]");
    }

    @Test
    void principalWhenEveryIdentifyingFieldSameThenEqualWithTheTokenIdsHash() {
        TokenPrincipal principal = principal("acme", "alice", "id1", "ci", Set.of("a"));
        TokenPrincipal sameButExpiring = new TokenPrincipal("acme", "alice", "id1", "ci", Set.of("a"),
                TestClock.START, AbilityCatalog.builder().ability("a", "A").build());

        assertThat(principal).isEqualTo(sameButExpiring);
        assertThat(principal.hashCode()).isEqualTo("id1".hashCode());
    }

    @Test
    void principalWhenAnyIdentifyingFieldDiffersThenNotEqual() {
        TokenPrincipal principal = principal("acme", "alice", "id1", "ci", Set.of("a"));

        assertThat(principal).isNotEqualTo(principal("other", "alice", "id1", "ci", Set.of("a")));
        assertThat(principal).isNotEqualTo(principal("acme", "bob", "id1", "ci", Set.of("a")));
        assertThat(principal).isNotEqualTo(principal("acme", "alice", "id2", "ci", Set.of("a")));
        assertThat(principal).isNotEqualTo(principal("acme", "alice", "id1", "cd", Set.of("a")));
        assertThat(principal).isNotEqualTo(principal("acme", "alice", "id1", "ci", Set.of("b")));
        assertThat(principal).isNotEqualTo("id1");
    }

    @Test
    void principalWhenCreatedFromAMutableSetThenKeepsItsOwnCopy() {
        Set<String> abilities = new HashSet<>(Set.of("a"));
        TokenPrincipal principal = principal("acme", "alice", "id1", "ci", abilities);

        abilities.add("b");

        assertThat(principal.abilities()).containsExactly("a");
        assertThat(principal).hasToString("TokenPrincipal[tenantId=acme, ownerId=alice, tokenId=id1, tokenName=ci, "
                + "abilities=[a]]");
    }

    @Test
    void hmacKeyWhenSameIdAndBytesThenEqualWithTheIdsHashAndRedacted() {
        HmacKey key = HmacKey.of("k1", KEY);

        assertThat(key).isEqualTo(HmacKey.of("k1", KEY.clone()));
        assertThat(key.hashCode()).isEqualTo("k1".hashCode());
        assertThat(key).hasToString("HmacKey[id=k1, secret=<redacted>]");
    }

    @Test
    void hmacKeyWhenIdOrBytesDifferThenNotEqual() {
        byte[] otherBytes = KEY.clone();
        otherBytes[0] ^= 1;

        assertThat(HmacKey.of("k1", KEY)).isNotEqualTo(HmacKey.of("k2", KEY));
        assertThat(HmacKey.of("k1", KEY)).isNotEqualTo(HmacKey.of("k1", otherBytes));
        assertThat(HmacKey.of("k1", KEY)).isNotEqualTo("k1");
    }

    @Test
    void parsedTokenWhenSameTokenThenEqualWithTheTokensHashAndSecretRedacted() {
        String token = TokenFormat.format("acme", "0123456789abcdef", "0123456789abcdefghijklmnopqrstuv");
        ParsedToken parsed = TokenFormat.parse(token);
        String other = TokenFormat.format("acme", "0123456789abcdeX", "0123456789abcdefghijklmnopqrstuv");

        assertThat(parsed).isEqualTo(TokenFormat.parse(token));
        assertThat(parsed).isNotEqualTo(TokenFormat.parse(other));
        assertThat(parsed).isNotEqualTo(token);
        assertThat(parsed.hashCode()).isEqualTo(token.hashCode());
        assertThat(parsed).hasToString("ParsedToken[prefix=acme, id=0123456789abcdef, secret=<redacted>]");
    }

    @Test
    void verificationResultWhenValidThenHoldsThePrincipalAndPrintsIt() {
        TokenPrincipal principal = principal("acme", "alice", "id1", "ci", Set.of("a"));
        VerificationResult.Valid result = VerificationResult.valid(principal);

        assertThat(result.principal()).isSameAs(principal);
        assertThat(result).hasToString("VerificationResult[valid, " + principal + "]");
    }

    @Test
    void verificationResultWhenFailedThenPrintsTheFailureAndTheIdOnlyWhenKnown() {
        assertThat(VerificationResult.failed(VerificationFailure.MALFORMED, null))
                .hasToString("VerificationResult[MALFORMED]");
        assertThat(VerificationResult.failed(VerificationFailure.REVOKED, "id1"))
                .hasToString("VerificationResult[REVOKED, tokenId=id1]");
    }

    @Test
    void verificationFailureWhenReachableOnlyWithTheSecretThenSaysSo() {
        assertThat(VerificationFailure.values()).filteredOn(VerificationFailure::secretMatched).containsExactly(
                VerificationFailure.REVOKED, VerificationFailure.EXPIRED, VerificationFailure.WRONG_TENANT,
                VerificationFailure.IP_NOT_ALLOWED,
                VerificationFailure.INSUFFICIENT_ABILITIES);
    }

    @Test
    void duplicateTokenIdWhenThrownThenNamesTheId() {
        assertThat(new DuplicateTokenIdException("id1").tokenId()).isEqualTo("id1");
        assertThat(new DuplicateTokenIdException("id2", new IllegalStateException()).tokenId()).isEqualTo("id2");
    }

    @Test
    void toStringWhenCatalogPolicyOrRequestThenListsTheirSettings() {
        assertThat(AbilityCatalog.unrestricted()).hasToString("AbilityCatalog[unrestricted]");
        assertThat(AbilityCatalog.unrestricted().isUnrestricted()).isTrue();
        AbilityCatalog declared = AbilityCatalog.builder().ability("b", "B").ability("a", "A").build();
        assertThat(declared).hasToString("AbilityCatalog[b, a]");
        assertThat(declared.isUnrestricted()).isFalse();
        assertThat(TokenPolicy.defaults()).hasToString("TokenPolicy[maxLifetime=PT8784H, defaultLifetime=PT720H, "
                + "allowNeverExpires=false, maxActiveTokensPerOwner=100, maxAbilitiesPerToken=64]");
        assertThat(IssueRequest.builder("acme", "alice").name("ci").abilities("a").expiresAfter(Duration.ofDays(1))
                .build()).hasToString("IssueRequest[tenantId=acme, ownerId=alice, name=ci, abilities=[a], "
                        + "expiry=+PT24H]");
    }

    @Test
    void toStringWhenStoreHashersOrServiceThenShowsSettingsButNoKey() {
        InMemoryTokenStore store = new InMemoryTokenStore();
        assertThat(store).hasToString("InMemoryTokenStore[size=0]");
        assertThat(TokenHasher.sha256()).hasToString("TokenHasher[sha256]");
        TokenHasher hmac = TokenHasher.hmacSha256(HmacKey.of("k2", KEY), HmacKey.of("k1", KEY));
        // the schemes come from a hash map: their order is not part of the text
        assertThat(hmac.toString()).startsWith("TokenHasher[hmac-sha256:k2, schemes=[").endsWith("]]")
                .contains("hmac-sha256:k1").contains("hmac-sha256:k2").doesNotContain("0123456789abcdef");
        try (TokenService service = TokenService.builder(store).prefix("acme").backgroundUsageFlush(false)
                .build()) {
            assertThat(service.prefix()).isEqualTo("acme");
            assertThat(service).hasToString("TokenService[prefix=acme, store=InMemoryTokenStore[size=0], "
                    + "hasher=TokenHasher[sha256], policy=" + TokenPolicy.defaults() + "]");
        }
    }

    @Test
    void issuedTokenWhenPrintedThenPlaintextRedactedAndInfoShown() {
        InMemoryTokenStore store = new InMemoryTokenStore();
        try (TokenService service = TokenService.builder(store).clock(new TestClock()).backgroundUsageFlush(false)
                .build()) {
            IssuedToken issued = service.issue(IssueRequest.builder("acme", "alice").name("ci").abilities("a")
                    .build());

            assertThat(issued).hasToString("IssuedToken[plaintext=<redacted>, info=" + issued.info() + "]");
            assertThat(store.size()).isEqualTo(1);
            assertThat(store).hasToString("InMemoryTokenStore[size=1]");
        }
    }

    @Test
    void issueRequestWhenAbilitiesSetTwiceThenTheSecondReplacesTheFirst() {
        IssueRequest request = IssueRequest.builder("acme", "alice").abilities("a", "b").abilities(List.of("c"))
                .build();

        assertThat(request.abilities()).containsExactly("c");
    }
}
