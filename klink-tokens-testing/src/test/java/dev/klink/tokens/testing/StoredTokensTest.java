package dev.klink.tokens.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.klink.tokens.TokenFormat;
import dev.klink.tokens.spi.StoredToken;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StoredTokensTest {

    private final MutableClock clock = MutableClock.at("2026-03-14T09:26:53.589793123Z");
    private final StoredTokens tokens = StoredTokens.create(clock, new Random(1));

    @Test
    void tokenWhenNoTweaksThenDefaultsCreatedNowTruncatedToMicrosAndExpiringIn30Days() {
        StoredToken token = tokens.token().build();

        assertThat(TokenFormat.isValidId(token.id())).isTrue();
        assertThat(token.prefix()).isEqualTo("klink_pat");
        assertThat(token.tenantId()).isEqualTo("tenant-a");
        assertThat(token.ownerId()).isEqualTo("owner-1");
        assertThat(token.name()).isEqualTo("CI deploy");
        assertThat(token.abilities()).containsExactly("orders:read");
        assertThat(token.hashScheme()).isEqualTo("sha256");
        assertThat(token.hash()).hasSize(32);
        assertThat(token.createdAt()).isEqualTo("2026-03-14T09:26:53.589793Z");
        assertThat(token.expiresAt()).isEqualTo("2026-04-13T09:26:53.589793Z");
        assertThat(token.revokedAt()).isNull();
        assertThat(token.revokedBy()).isNull();
        assertThat(token.revokeReason()).isNull();
        assertThat(token.lastUsedAt()).isNull();
        assertThat(token.lastUsedIp()).isNull();
        assertThat(token.rotatedFromId()).isNull();
        assertThat(token.rotatedToId()).isNull();
        assertThat(token.metadata()).isEmpty();
    }

    @Test
    void tokenWhenCalledTwiceThenDifferentIdsAndHashes() {
        StoredToken first = tokens.token().build();
        StoredToken second = tokens.token().build();

        assertThat(first.id()).isNotEqualTo(second.id());
        assertThat(first.hash()).isNotEqualTo(second.hash());
    }

    @Test
    void tokenWhenSameSeedThenSameIds() {
        StoredTokens again = StoredTokens.create(clock, new Random(1));

        assertThat(again.token().build()).isEqualTo(tokens.token().build());
    }

    @Test
    void withMethodsSetEveryField() {
        byte[] hash = {1, 2, 3};
        Instant at = Instant.parse("2026-01-01T00:00:00.000001Z");
        StoredToken token = tokens.token()
                .withId("AAAAbbbbCCCC0123")
                .withPrefix("acme")
                .withTenant("t")
                .withOwner("o")
                .withName("n")
                .withAbilities("a:b", "c")
                .withHash("hmac-sha256:k1", hash)
                .withCreatedAt(at)
                .withRevocation(at.plusSeconds(1), "admin", "why")
                .withLastUsed(at.plusSeconds(2), "192.0.2.1")
                .withRotatedFrom("BBBBbbbbCCCC0123")
                .withRotatedTo("CCCCbbbbCCCC0123")
                .withMetadata(Map.of("k", "v"))
                .build();

        assertThat(token).isEqualTo(new StoredToken("AAAAbbbbCCCC0123", "acme", "t", "o", "n",
                Set.of("a:b", "c"), "hmac-sha256:k1", hash, at, at.plus(Duration.ofDays(30)),
                at.plusSeconds(1), "admin", "why", false, at.plusSeconds(2), "192.0.2.1", "BBBBbbbbCCCC0123",
                "CCCCbbbbCCCC0123", Map.of("k", "v")));
    }

    @Test
    void withCreatedAtWhenNeverExpiringThenStaysNeverExpiring() {
        StoredToken token = tokens.token().neverExpiring().withCreatedAt(Instant.parse("2026-01-01T00:00:00Z"))
                .build();

        assertThat(token.expiresAt()).isNull();
    }

    @Test
    void buildWhenInstantFinerThanMicrosThenRejectedNamingTheSetting() {
        Instant nanos = Instant.parse("2026-01-01T00:00:00.000000001Z");

        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> tokens.token().withExpiresAt(nanos).build())
                .withMessage("expiresAt must have at most microsecond precision (the least a store keeps), "
                        + "was 2026-01-01T00:00:00.000000001Z");
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> tokens.token().withLastUsed(nanos, null).build())
                .withMessageStartingWith("lastUsedAt must have at most microsecond precision");
    }

    @Test
    void buildWhenIdNotATokenIdThenRejected() {
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> tokens.token().withId("short").build())
                .withMessage("id must be 16 base62 characters, was 'short'");
    }
}
