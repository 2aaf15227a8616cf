package dev.klink.tokens.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.page.KeysetRequest;
import dev.klink.tokens.page.PageRequest;
import dev.klink.tokens.spi.Revocation;
import dev.klink.tokens.spi.StoredToken;
import dev.klink.tokens.spi.TokenFilter;
import dev.klink.tokens.spi.TokenStore;
import java.time.Instant;
import java.util.Random;
import java.util.stream.Stream;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Tenant isolation of every {@link TokenStore} method that takes a tenant, as one table: tenant B acting on a token
 * or an owner of tenant A gets exactly the answer it gets for an id or owner that exists nowhere (no existence
 * oracle), and tenant A's token is left exactly as it was. A store's test extends this class and implements
 * {@link #createStore(MutableClock)}, as for {@link TokenStoreContract}.
 */
public abstract class TokenStoreTenantMatrix {

    private static final Instant START = Instant.parse("2026-03-14T09:26:53.589793Z");
    private static final String TENANT_A = "tenant-a";
    private static final String TENANT_B = "tenant-b";
    private static final String OWNER_A = "alice";
    private static final String OWNER_B = "bob";

    private final MutableClock clock = MutableClock.at(START);
    private final StoredTokens tokens = StoredTokens.create(clock, new Random(20260314L));

    /** A new or emptied store; {@code clock} is the one the tests use. */
    protected abstract TokenStore createStore(MutableClock clock);

    /** One operation of tenant {@code tenant} on a token {@code id} or an owner {@code owner}. */
    @FunctionalInterface
    protected interface Operation {
        Object apply(TokenStore store, Target target);
    }

    /** What an operation is aimed at: a tenant, a token id, an owner, and a fresh id for a replacement. */
    protected record Target(String tenant, String id, String owner, String freshId, Instant now) {

        Revocation revocation() {
            return Revocation.immediate(now, "mallory", "cross-tenant attempt");
        }
    }

    /** The table: every method of the SPI that takes a tenant. */
    private static final List<Row> OPERATIONS = List.of(
                row("find", (store, t) -> store.find(t.tenant(), t.id())),
                row("revoke", (store, t) -> store.revoke(t.tenant(), t.id(), t.revocation())),
                row("markRotated", (store, t) -> store.markRotated(t.tenant(), t.id(), t.freshId(),
                        t.revocation())),
                row("listByOwner", (store, t) -> store.listByOwner(t.tenant(), t.owner(), PageRequest.first(100))),
                row("countActiveByOwner", (store, t) -> store.countActiveByOwner(t.tenant(), t.owner(), t.now())),
                row("revokeAllByOwner", (store, t) -> store.revokeAllByOwner(t.tenant(), t.owner(),
                        t.revocation())),
                row("listByTenant", (store, t) -> store.listByTenant(t.tenant(), PageRequest.first(100))),
                row("revokeAllByTenant", (store, t) -> store.revokeAllByTenant(t.tenant(), t.revocation())),
                row("listByTenant(keyset)", (store, t) -> store.listByTenant(t.tenant(), TokenFilter.all(t.now()),
                        KeysetRequest.first(100))),
                row("listByTenant(keyset, owner)", (store, t) -> store.listByTenant(t.tenant(),
                        new TokenFilter(t.owner(), null, t.now()), KeysetRequest.first(100))));

    private record Row(String name, Operation operation) {
    }

    private static Row row(String name, Operation operation) {
        return new Row(name, operation);
    }

    @TestFactory
    Stream<DynamicTest> operationWhenTenantBTargetsTenantAThenSameAnswerAsUnknownAndNothingChanges() {
        return OPERATIONS.stream().map(row -> DynamicTest.dynamicTest(row.name(),
                () -> check(row.name(), row.operation())));
    }

    private void check(String name, Operation operation) {
        StoredToken tokenOfA = tokens.token().withTenant(TENANT_A).withOwner(OWNER_A).build();
        // tenant B is not empty, so that an answer about B is not trivially "nothing"
        StoredToken tokenOfB = tokens.token().withTenant(TENANT_B).withOwner(OWNER_B).build();
        Instant now = tokens.now();
        Target unknown = new Target(TENANT_B, tokens.randomId(), "nobody", tokens.randomId(), now);
        Target crossTenant = new Target(TENANT_B, tokenOfA.id(), OWNER_A, tokens.randomId(), now);
        // each attempt on the same two tokens in a fresh store, so that neither sees what the other changed
        Object unknownAnswer = answer(withTokens(tokenOfA, tokenOfB), operation, unknown);
        TokenStore store = withTokens(tokenOfA, tokenOfB);
        Object crossTenantAnswer = answer(store, operation, crossTenant);

        assertThat(crossTenantAnswer).as(name + " on tenant A's token from tenant B").isEqualTo(unknownAnswer);
        assertThat(store.find(TENANT_A, tokenOfA.id())).as("tenant A's token after " + name).hasValue(tokenOfA);
        assertThat(store.findById(crossTenant.freshId())).as("no replacement linked by " + name).isEmpty();
    }

    private TokenStore withTokens(StoredToken... rows) {
        TokenStore store = createStore(clock);
        for (StoredToken row : rows) {
            store.insert(row);
        }
        return store;
    }

    /** The operation's return value, or the type and message of what it threw; ids replaced by a placeholder. */
    private static Object answer(TokenStore store, Operation operation, Target target) {
        try {
            Object value = operation.apply(store, target);
            return value instanceof Boolean || value instanceof Number ? value : normalized(value, target);
        } catch (RuntimeException e) {
            return "threw " + e.getClass().getName() + ": " + normalized(e.getMessage(), target);
        }
    }

    private static String normalized(@Nullable Object value, Target target) {
        return String.valueOf(value).replace(target.id(), "<id>").replace(target.freshId(), "<fresh>");
    }
}
