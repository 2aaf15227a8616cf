package dev.klink.tokens.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.InMemoryTokenStore;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** StoredToken's value semantics (every column counts, the hash never shows) and TokenStore's default limit. */
class StoredTokenTest {

    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    private static final Instant T1 = T0.plusSeconds(60);

    private static StoredToken token() {
        return new StoredToken("0123456789abcdef", "klink_pat", "acme", "alice", "ci", Set.of("b", "a"), "sha256",
                new byte[] {1, 2, 3}, T0, T1, T1, "admin", "left", true, T0, "10.0.0.1", "fedcba9876543210",
                "00000000000000ab", Map.of("k", "v"), IpAllowlist.of(List.of("10.0.0.0/8")));
    }

    /** A copy of {@link #token()} with the column at {@code column} (0-based, record order) changed. */
    private static StoredToken changed(int column) {
        StoredToken t = token();
        UnaryOperator<String> other = value -> value + "x";
        return new StoredToken(
                column == 0 ? other.apply(t.id()) : t.id(),
                column == 1 ? other.apply(t.prefix()) : t.prefix(),
                column == 2 ? other.apply(t.tenantId()) : t.tenantId(),
                column == 3 ? other.apply(t.ownerId()) : t.ownerId(),
                column == 4 ? other.apply(t.name()) : t.name(),
                column == 5 ? Set.of("a") : t.abilities(),
                column == 6 ? other.apply(t.hashScheme()) : t.hashScheme(),
                column == 7 ? new byte[] {1, 2, 4} : t.hash(),
                column == 8 ? T1 : t.createdAt(),
                column == 9 ? null : t.expiresAt(),
                column == 10 ? null : t.revokedAt(),
                column == 11 ? null : t.revokedBy(),
                column == 12 ? null : t.revokeReason(),
                column == 13 || column == 10 ? !t.revokedImmediately() : t.revokedImmediately(), // needs revokedAt
                column == 14 ? null : t.lastUsedAt(),
                column == 15 ? null : t.lastUsedIp(),
                column == 16 ? null : t.rotatedFromId(),
                column == 17 ? null : t.rotatedToId(),
                column == 18 ? Map.of() : t.metadata(),
                column == 19 ? IpAllowlist.of(List.of("10.0.0.0/16")) : t.allowedIps());
    }

    @Test
    void equalsWhenEveryColumnSameThenEqualWithTheIdsHash() {
        assertThat(token()).isEqualTo(token());
        assertThat(token().hashCode()).isEqualTo("0123456789abcdef".hashCode());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19})
    void equalsWhenOneColumnDiffersThenNotEqual(int column) {
        assertThat(changed(column)).isNotEqualTo(token());
        assertThat(token()).isNotEqualTo(changed(column));
    }

    @Test
    void equalsWhenOtherTypeThenNotEqual() {
        assertThat(token()).isNotEqualTo("0123456789abcdef");
    }

    @Test
    void hashEqualsWhenSameBytesThenTrueAndOtherwiseFalse() {
        assertThat(token().hashEquals(new byte[] {1, 2, 3})).isTrue();
        assertThat(token().hashEquals(new byte[] {1, 2, 4})).isFalse();
    }

    @Test
    void toStringWhenPrintedThenEveryColumnButTheHash() {
        assertThat(token()).hasToString("StoredToken[id=0123456789abcdef, prefix=klink_pat, tenantId=acme, "
                + "ownerId=alice, name=ci, abilities=[a, b], hashScheme=sha256, hash=<redacted>, "
                + "createdAt=2026-03-01T09:00:00Z, expiresAt=2026-03-01T09:01:00Z, revokedAt=2026-03-01T09:01:00Z, "
                + "revokedBy=admin, revokeReason=left, revokedImmediately=true, lastUsedAt=2026-03-01T09:00:00Z, "
                + "lastUsedIp=10.0.0.1, "
                + "rotatedFromId=fedcba9876543210, rotatedToId=00000000000000ab, metadata={k=v}, "
                + "allowedIps=[10.0.0.0/8]]");
    }

    /** A store that keeps TokenStore's own insertWithinLimit: every other call goes to an in-memory store. */
    private static TokenStore withDefaultInsertWithinLimit(InMemoryTokenStore delegate) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.isDefault()) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            try {
                return method.invoke(delegate, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (TokenStore) Proxy.newProxyInstance(TokenStore.class.getClassLoader(), new Class<?>[] {TokenStore.class},
                handler);
    }

    private static StoredToken active(String id) {
        return new StoredToken(id, "klink_pat", "acme", "alice", "ci", Set.of(), "sha256", new byte[32], T0, null,
                null, null, null, false, null, null, null, null, Map.of());
    }

    @Test
    void defaultInsertWithinLimitWhenBelowTheLimitThenInserts() {
        InMemoryTokenStore delegate = new InMemoryTokenStore();
        TokenStore store = withDefaultInsertWithinLimit(delegate);

        assertThat(store.insertWithinLimit(active("000000000000000a"), 2, T1)).isTrue();
        assertThat(store.insertWithinLimit(active("000000000000000b"), 2, T1)).isTrue();
        assertThat(delegate.size()).isEqualTo(2);
    }

    @Test
    void defaultInsertWithinLimitWhenAtTheLimitThenRefusesWithoutInserting() {
        InMemoryTokenStore delegate = new InMemoryTokenStore();
        TokenStore store = withDefaultInsertWithinLimit(delegate);
        store.insert(active("000000000000000a"));

        assertThat(store.insertWithinLimit(active("000000000000000b"), 1, T1)).isFalse();
        assertThat(delegate.size()).isEqualTo(1);
        assertThat(delegate.findById("000000000000000b")).isEmpty();
    }
}
