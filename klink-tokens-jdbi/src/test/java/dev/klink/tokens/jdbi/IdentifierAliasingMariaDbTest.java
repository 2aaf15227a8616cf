package dev.klink.tokens.jdbi;

import static dev.klink.tokens.testing.VerificationResultAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klink.tokens.AbilityCheck;
import dev.klink.tokens.InvalidTokenRequestException;
import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.IssuedToken;
import dev.klink.tokens.page.PageRequest;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.TokenStatus;
import dev.klink.tokens.VerificationFailure;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MariaDB compares with PAD SPACE, so that in SQL {@code 'alice ' = 'alice'}: the service must never let a padded
 * id reach the store, or one owner could list, revoke or issue as another.
 */
class IdentifierAliasingMariaDbTest {

    private TestDatabase database;
    private JdbiTokenStore store;
    private TokenService service;

    @BeforeEach
    void open() {
        database = TestDatabase.mariaDb("klink_alias_maria_");
        database.createSchema();
        store = database.store();
        service = TokenService.builder(store).backgroundUsageFlush(false).build();
    }

    @AfterEach
    void drop() {
        if (service != null) {
            service.close();
        }
        if (database != null) {
            database.dropSchema();
        }
    }

    private static void assertRefused(ThrowingCallable call, String field) {
        assertThatThrownBy(call).isInstanceOf(InvalidTokenRequestException.class)
                .extracting(e -> ((InvalidTokenRequestException) e).field()).isEqualTo(field);
    }

    @Test
    void paddedOwnerOrTenantWhenAliceHoldsATokenThenRefusedEverywhereAndAliceUntouched() {
        IssuedToken alices = service.issue(IssueRequest.builder("acme", "alice").name("CI").abilities("a").build());
        // the database alone would alias them
        assertThat(store.listByOwner("acme", "alice ", PageRequest.first(10)).totalItems()).isEqualTo(1);

        assertRefused(() -> service.issue(IssueRequest.builder("acme", "alice ").name("CI").abilities("a").build()),
                "ownerId");
        assertRefused(() -> service.issue(IssueRequest.builder("acme ", "alice").name("CI").abilities("a").build()),
                "tenantId");
        assertRefused(() -> service.listByOwner("acme", "alice ", PageRequest.first(10)), "ownerId");
        assertRefused(() -> service.listByTenant("acme ", PageRequest.first(10)), "tenantId");
        assertRefused(() -> service.revokeAllForOwner("acme", "alice ", "mallory", null), "ownerId");
        assertRefused(() -> service.revokeAllForTenant("acme ", "mallory", null), "tenantId");
        assertRefused(() -> service.revoke("acme ", alices.info().id(), "mallory", null), "tenantId");
        assertRefused(() -> service.get("acme ", alices.info().id()), "tenantId");

        assertThat(service.verify(alices.plaintext(), "acme ", AbilityCheck.none(), null))
                .isFailed(VerificationFailure.WRONG_TENANT);
        assertThat(service.verify(alices.plaintext(), "acme", AbilityCheck.none(), null)).isValid();
        assertThat(service.listByOwner("acme", "alice", PageRequest.first(10)).items())
                .singleElement().satisfies(info -> assertThat(info.status()).isEqualTo(TokenStatus.ACTIVE));
    }
}
