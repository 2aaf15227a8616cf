package dev.klink.tokens.jdbi;

import static dev.klink.tokens.testing.VerificationResultAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.IssuedToken;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.TokenStoreUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A {@link JdbiTokenStore} built with a polling channel writes each change's row of the invalidation log in the
 * transaction of the change: the two commit or roll back together.
 */
class JdbiTokenStoreAnnouncementsH2Test {

    private static final String TENANT = "acme";

    private final TestDatabase database = TestDatabase.h2("klink_");
    private PollingInvalidationChannel channel;
    private JdbiTokenStore store;
    private TokenService service;

    @BeforeEach
    void createSchema() {
        database.createSchema();
        // polls rarely: the test reads the log table itself
        channel = PollingInvalidationChannel.builder(database.jdbi()).pollInterval(Duration.ofHours(1)).build();
        store = JdbiTokenStore.builder(database.jdbi()).invalidationChannel(channel).build();
        service = TokenService.builder(store).usageTracking(false).build();
    }

    @AfterEach
    void close() {
        service.close();
        channel.close();
    }

    private IssuedToken issue() {
        return service.issue(IssueRequest.builder(TENANT, "alice").name("deploy").expiresInDays(30).build());
    }

    private List<String> logged() {
        return database.jdbi().withHandle(handle -> handle
                .createQuery("SELECT COALESCE(token_id, '*') FROM klink_invalidations ORDER BY seq")
                .mapTo(String.class).list());
    }

    @Test
    void changesThenOneRowEachInOrderAndNoneForAChangeThatChangedNothing() {
        IssuedToken issued = issue();
        IssuedToken second = issue();
        String id = issued.info().id();
        service.revoke(TENANT, id, "admin", "leaked");
        service.revoke(TENANT, id, "admin", "again");
        IssuedToken rotated = service.rotate(TENANT, second.info().id(), Duration.ZERO, "admin");
        service.revokeAllForTenant(TENANT, "admin", "breach");
        service.revokeAllForTenant(TENANT, "admin", "again");

        List<String> expected = new ArrayList<>(List.of(id, second.info().id(), id, rotated.info().id()));
        expected.addAll(List.of(second.info().id(), rotated.info().id(), "*"));
        assertThat(logged()).containsExactlyElementsOf(expected);
        assertThat(store.announcesChangesOn(channel)).isTrue();
    }

    @Test
    void announcementWhenItFailsThenTheChangeRollsBackWithIt() {
        IssuedToken issued = issue();
        database.jdbi().useHandle(handle -> handle.execute("DROP TABLE klink_invalidations"));

        assertThatExceptionOfType(TokenStoreUnavailableException.class)
                .isThrownBy(() -> service.revoke(TENANT, issued.info().id(), "admin", "leaked"));

        assertThat(service.verify(issued.plaintext())).isValid();
    }

    @Test
    void storeWithoutChannelThenAnnouncesNothing() {
        JdbiTokenStore plain = JdbiTokenStore.builder(Jdbi.create(database.url())).build();
        assertThat(plain.announcesChangesOn(channel)).isFalse();
        TokenService other = TokenService.builder(plain).usageTracking(false).build();
        try {
            other.issue(IssueRequest.builder(TENANT, "bob").name("ci").build());
            assertThat(logged()).isEmpty();
        } finally {
            other.close();
        }
    }
}
