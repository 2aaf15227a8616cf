package dev.klink.tokens.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StoredTokenBuilderTest {

    private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");
    private static final byte[] HASH = {1, 2, 3};

    private static StoredToken.Builder minimal() {
        return StoredToken.builder().id("AAAAbbbbCCCC0123").prefix("klink_pat").tenantId("acme").ownerId("alice")
                .name("CI").hash("sha256", HASH).createdAt(AT);
    }

    @Test
    void buildWhenOnlyRequiredFieldsThenOthersNullOrEmpty() {
        assertThat(minimal().build()).isEqualTo(new StoredToken("AAAAbbbbCCCC0123", "klink_pat", "acme", "alice",
                "CI", Set.of(), "sha256", HASH, AT, null, null, null, null, false, null, null, null, null, Map.of()));
    }

    @Test
    void toBuilderWhenOneFieldChangedThenOnlyThatFieldDiffers() {
        StoredToken token = minimal().abilities(Set.of("orders:read")).expiresAt(AT.plusSeconds(60))
                .rotatedFromId("BBBBbbbbCCCC0123").metadata(Map.of("k", "v")).build();

        StoredToken revoked = token.toBuilder().revocation(Revocation.immediate(AT.plusSeconds(1), "admin", "leaked"))
                .build();

        assertThat(revoked).isEqualTo(new StoredToken("AAAAbbbbCCCC0123", "klink_pat", "acme", "alice", "CI",
                Set.of("orders:read"), "sha256", HASH, AT, AT.plusSeconds(60), AT.plusSeconds(1), "admin", "leaked",
                true, null, null, "BBBBbbbbCCCC0123", null, Map.of("k", "v")));
        assertThat(token.toBuilder().build()).isEqualTo(token);
    }

    @Test
    void buildWhenRequiredFieldMissingThenNamesIt() {
        assertThatNullPointerException().isThrownBy(() -> minimal().ownerId(null).build()).withMessage("ownerId");
        assertThatNullPointerException().isThrownBy(() -> StoredToken.builder().id("AAAAbbbbCCCC0123").build())
                .withMessage("prefix");
    }
}
