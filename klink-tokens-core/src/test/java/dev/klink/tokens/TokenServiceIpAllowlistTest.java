package dev.klink.tokens;

import static dev.klink.tokens.VerificationResults.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klink.tokens.spi.IpAllowlist;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A token with an IP allowlist: refused from outside it with {@link VerificationFailure#IP_NOT_ALLOWED}, only after
 * the secret matched, after the tenant check and before the abilities; a missing or unparseable client address is
 * refused.
 */
class TokenServiceIpAllowlistTest {

    private final TestClock clock = new TestClock();
    private final CountingTokenStore store = new CountingTokenStore();
    private final TokenService service = TokenService.builder(store).clock(clock).backgroundUsageFlush(false)
            .build();

    private IssuedToken issue(String... ranges) {
        return service.issue(IssueRequest.builder("acme", "alice").name("CI").abilities("orders:read")
                .expiresInDays(30).allowedIps(ranges).build());
    }

    private VerificationResult verifyFrom(IssuedToken issued, String clientIp) {
        return service.verify(issued.plaintext(), "acme", AbilityCheck.none(), clientIp);
    }

    @Test
    void verifyWhenClientOutsideAllowlistThenIpNotAllowed() {
        IssuedToken issued = issue("10.0.0.0/8", "2001:db8::/32");

        VerificationResult result = verifyFrom(issued, "192.0.2.7");

        assertThat(failureOf(result)).isEqualTo(VerificationFailure.IP_NOT_ALLOWED);
        assertThat(result.tokenId()).isEqualTo(issued.info().id());
        assertThat(failureOf(result).publicCode()).isEqualTo("ip_not_allowed");
        assertThat(failureOf(verifyFrom(issued, "11.0.0.1"))).isEqualTo(VerificationFailure.IP_NOT_ALLOWED);
        assertThat(failureOf(verifyFrom(issued, "2001:db9::1"))).isEqualTo(VerificationFailure.IP_NOT_ALLOWED);
    }

    @Test
    void verifyWhenClientInsideAllowlistThenValid() {
        IssuedToken issued = issue("10.0.0.0/8", "2001:db8::/32", "192.0.2.7");

        assertThat(verifyFrom(issued, "10.255.0.1").isValid()).isTrue();
        assertThat(verifyFrom(issued, "2001:db8:ffff::1").isValid()).isTrue();
        assertThat(verifyFrom(issued, "2001:0DB8:0:0:0:0:0:1").isValid()).isTrue();
        assertThat(verifyFrom(issued, "192.0.2.7").isValid()).isTrue();
        assertThat(failureOf(verifyFrom(issued, "192.0.2.8"))).isEqualTo(VerificationFailure.IP_NOT_ALLOWED);
    }

    @Test
    void verifyWhenClientIsIpv4MappedIpv6ThenMatchesTheIpv4Range() {
        IssuedToken issued = issue("10.0.0.0/8");

        assertThat(verifyFrom(issued, "::ffff:10.1.2.3").isValid()).isTrue();
        assertThat(verifyFrom(issued, "0:0:0:0:0:ffff:a01:203").isValid()).isTrue();
        assertThat(verifyFrom(issued, "[::ffff:10.1.2.3]").isValid()).isTrue();
        assertThat(failureOf(verifyFrom(issued, "::ffff:11.1.2.3"))).isEqualTo(VerificationFailure.IP_NOT_ALLOWED);
        // IPv4-compatible (deprecated, not mapped) is another address
        assertThat(failureOf(verifyFrom(issued, "::10.1.2.3"))).isEqualTo(VerificationFailure.IP_NOT_ALLOWED);
    }

    @Test
    void verifyWhenRangeIsMappedIpv6ThenMatchesPlainIpv4Client() {
        IssuedToken issued = issue("::ffff:10.0.0.0/104");

        assertThat(verifyFrom(issued, "10.9.8.7").isValid()).isTrue();
        assertThat(failureOf(verifyFrom(issued, "11.9.8.7"))).isEqualTo(VerificationFailure.IP_NOT_ALLOWED);
    }

    @Test
    void verifyWhenClientIpMissingThenFailsClosed() {
        IssuedToken issued = issue("10.0.0.0/8");

        assertThat(failureOf(service.verify(issued.plaintext(), "acme", AbilityCheck.none(), null)))
                .isEqualTo(VerificationFailure.IP_NOT_ALLOWED);
        assertThat(failureOf(service.verify(issued.plaintext()))).isEqualTo(VerificationFailure.IP_NOT_ALLOWED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "unknown", "localhost", "10.1.2", "010.1.2.3", "10.1.2.3.4", "10.1.2.3:8080",
        "10.1.2.3/8", "0x0a.1.2.3", "::g", "1:2:3:4:5:6:7:8:9", " 10.1.2.3", "\uff11\uff10.1.2.3"})
    void verifyWhenClientIpUnparseableThenFailsClosed(String clientIp) {
        IssuedToken issued = issue("0.0.0.0/0", "::/0");

        assertThat(failureOf(verifyFrom(issued, clientIp))).isEqualTo(VerificationFailure.IP_NOT_ALLOWED);
    }

    @Test
    void verifyWhenNoAllowlistThenAnyOrNoClientIpPasses() {
        IssuedToken issued = issue();

        assertThat(verifyFrom(issued, "203.0.113.9").isValid()).isTrue();
        assertThat(verifyFrom(issued, "not an address").isValid()).isTrue();
        assertThat(service.verify(issued.plaintext()).isValid()).isTrue();
    }

    @Test
    void verifyWhenWrongSecretFromOutsideThenSecretMismatch() {
        IssuedToken issued = issue("10.0.0.0/8");
        ParsedToken parsed = TokenFormat.parse(issued.plaintext());
        String wrong = TokenFormat.format(parsed.prefix(), parsed.id(), "S".repeat(TokenFormat.SECRET_LENGTH));

        assertThat(failureOf(service.verify(wrong, "acme", AbilityCheck.none(), "192.0.2.1")))
                .isEqualTo(VerificationFailure.SECRET_MISMATCH);
    }

    @Test
    void verifyWhenRevokedOrExpiredOrWrongTenantFromOutsideThenThoseFirst() {
        IssuedToken revoked = issue("10.0.0.0/8");
        service.revoke("acme", revoked.info().id(), "alice", null);
        assertThat(failureOf(verifyFrom(revoked, "192.0.2.1"))).isEqualTo(VerificationFailure.REVOKED);

        IssuedToken other = issue("10.0.0.0/8");
        assertThat(failureOf(service.verify(other.plaintext(), "globex", AbilityCheck.none(), "192.0.2.1")))
                .isEqualTo(VerificationFailure.WRONG_TENANT);

        clock.advance(Duration.ofDays(31));
        assertThat(failureOf(verifyFrom(other, "192.0.2.1"))).isEqualTo(VerificationFailure.EXPIRED);
    }

    @Test
    void verifyWhenOutsideAndAbilityMissingThenIpNotAllowedBeforeAbilities() {
        IssuedToken issued = issue("10.0.0.0/8");

        assertThat(failureOf(service.verify(issued.plaintext(), "acme", AbilityCheck.all("orders:write"),
                "192.0.2.1"))).isEqualTo(VerificationFailure.IP_NOT_ALLOWED);
        assertThat(failureOf(service.verify(issued.plaintext(), "acme", AbilityCheck.all("orders:write"),
                "10.0.0.1"))).isEqualTo(VerificationFailure.INSUFFICIENT_ABILITIES);
    }

    @Test
    void verifyWhenOutsideThenNoUseRecordedAndEventNamesTheReason() {
        List<TokenEvent> events = new ArrayList<>();
        TokenService listened = TokenService.builder(store).clock(clock).backgroundUsageFlush(false)
                .listener(events::add).build();
        IssuedToken issued = listened.issue(IssueRequest.builder("acme", "alice").name("CI")
                .allowedIps("10.0.0.0/8").build());

        listened.verify(issued.plaintext(), null, AbilityCheck.none(), "192.0.2.1");

        assertThat(listened.get("acme", issued.info().id()).orElseThrow().lastUsedAt()).isNull();
        assertThat(events).last().isInstanceOfSatisfying(TokenEvent.VerificationFailed.class, failed -> {
            assertThat(failed.reason()).isEqualTo(VerificationFailure.IP_NOT_ALLOWED);
            assertThat(failed.tokenId()).isEqualTo(issued.info().id());
        });
    }

    @Test
    void issueWhenAllowlistGivenThenNormalizedInInfoAndKeptOnRotation() {
        IssuedToken issued = issue("10.0.0.0/8", " 192.0.2.7 ", "2001:DB8:0::/32", "10.0.0.0/8");

        assertThat(issued.info().allowedIps()).containsExactly("10.0.0.0/8", "192.0.2.7/32", "2001:db8::/32");
        assertThat(service.get("acme", issued.info().id()).orElseThrow().allowedIps())
                .containsExactly("10.0.0.0/8", "192.0.2.7/32", "2001:db8::/32");

        IssuedToken rotated = service.rotate("acme", issued.info().id(), "alice");
        assertThat(rotated.info().allowedIps()).containsExactly("10.0.0.0/8", "192.0.2.7/32", "2001:db8::/32");
        assertThat(failureOf(verifyFrom(rotated, "192.0.2.8"))).isEqualTo(VerificationFailure.IP_NOT_ALLOWED);
        assertThat(verifyFrom(rotated, "10.0.0.1").isValid()).isTrue();
    }

    @Test
    void issueWhenNoAllowlistThenInfoListsNone() {
        assertThat(issue().info().allowedIps()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10.0.0.0/33", "10.1.0.0/8", "example.com", "10.0.0.0/", "10.0.0.0/08", "::/129",
        "fe80::1%eth0", "1.2.3.4/8/8", "10.0.0.256"})
    void issueWhenRangeMalformedThenInvalidRequestNamingAllowedIps(String range) {
        int inserts = store.calls("insertWithinLimit");

        assertThatThrownBy(() -> issue("10.0.0.0/8", range)).isInstanceOfSatisfying(
                InvalidTokenRequestException.class, e -> assertThat(e.field()).isEqualTo("allowedIps"));
        assertThat(store.calls("insertWithinLimit")).isEqualTo(inserts);
    }

    @Test
    void issueWhenMoreThanTwentyRangesThenInvalidRequestNamingAllowedIps() {
        String[] ranges = new String[IpAllowlist.MAX_RANGES + 1];
        for (int i = 0; i < ranges.length; i++) {
            ranges[i] = "10.0." + i + ".0/24";
        }

        assertThatThrownBy(() -> issue(ranges)).isInstanceOfSatisfying(InvalidTokenRequestException.class,
                e -> assertThat(e).hasMessage("At most 20 IP ranges are allowed, was 21")
                        .extracting(InvalidTokenRequestException::field).isEqualTo("allowedIps"));
        assertThat(issue(java.util.Arrays.copyOf(ranges, 20)).info().allowedIps()).hasSize(20);
    }

    @Test
    void issueWhenHostBitsSetThenMessageSaysTheRange() {
        assertThatThrownBy(() -> issue("10.1.0.0/8")).hasMessage(
                "'10.1.0.0/8' has bits set beyond its /8 prefix; the range is 10.0.0.0/8");
    }
}
