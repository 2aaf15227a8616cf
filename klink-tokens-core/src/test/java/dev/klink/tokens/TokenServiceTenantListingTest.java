package dev.klink.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.klink.tokens.page.KeysetPage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What a tenant's administrator sees and does through the service: the keyset listing, revocations, offboarding. */
class TokenServiceTenantListingTest {

    private final TestClock clock = new TestClock();
    private final List<TokenEvent> events = new CopyOnWriteArrayList<>();
    private final TokenService service = TokenService.builder(new InMemoryTokenStore()).clock(clock)
            .listener(events::add).backgroundUsageFlush(false).build();

    private IssuedToken issue(String tenant, String owner, String name) {
        clock.advance(Duration.ofSeconds(1));
        return service.issue(IssueRequest.builder(tenant, owner).name(name).expiresInDays(30).build());
    }

    @Test
    void listByTenantWhenPagedByCursorThenEveryOwnersTokenOnceNewestFirst() {
        List<String> newestFirst = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            newestFirst.add(0, issue("acme", i % 2 == 0 ? "alice" : "bob", "token " + i).info().id());
        }
        issue("globex", "alice", "elsewhere");

        KeysetPage<TokenInfo> first = service.listByTenant("acme", null, null, null, 2);
        KeysetPage<TokenInfo> second = service.listByTenant("acme", null, null, first.nextCursor(), 2);
        KeysetPage<TokenInfo> third = service.listByTenant("acme", null, null, second.nextCursor(), 2);

        assertThat(first.items()).extracting(TokenInfo::id).containsExactlyElementsOf(newestFirst.subList(0, 2));
        assertThat(second.items()).extracting(TokenInfo::id).containsExactlyElementsOf(newestFirst.subList(2, 4));
        assertThat(third.items()).extracting(TokenInfo::id).containsExactly(newestFirst.get(4));
        assertThat(third.nextCursor()).isNull();
        assertThat(first.items()).extracting(TokenInfo::ownerId).containsExactly("alice", "bob");
    }

    @Test
    void listByTenantFiltersByOwnerAndStatus() {
        IssuedToken alices = issue("acme", "alice", "a");
        IssuedToken bobs = issue("acme", "bob", "b");
        service.revoke("acme", bobs.info().id(), "carol", "offboarded");

        assertThat(service.listByTenant("acme", "bob", null, null, 10).items()).extracting(TokenInfo::id)
                .containsExactly(bobs.info().id());
        assertThat(service.listByTenant("acme", null, TokenStatus.ACTIVE, null, 10).items())
                .extracting(TokenInfo::id).containsExactly(alices.info().id());
        assertThat(service.listByTenant("acme", null, TokenStatus.REVOKED, null, 10).items())
                .extracting(TokenInfo::revokedBy).containsExactly("carol");
        assertThat(service.listByTenant("acme", "alice", TokenStatus.EXPIRED, null, 10).items()).isEmpty();
    }

    @Test
    void listByTenantWhenCursorTamperedThenInvalidRequestNamingCursor() {
        assertThatExceptionOfType(InvalidTokenRequestException.class)
                .isThrownBy(() -> service.listByTenant("acme", null, null, "not-a-cursor", 10))
                .satisfies(e -> assertThat(e.field()).isEqualTo("cursor"))
                .withMessage("cursor is malformed: pass back the nextCursor of the previous page unchanged");
    }

    @Test
    void listByTenantWhenSizeStatusOrOwnerInvalidThenInvalidRequestNamingTheField() {
        assertThatExceptionOfType(InvalidTokenRequestException.class)
                .isThrownBy(() -> service.listByTenant("acme", null, null, null, 0))
                .satisfies(e -> assertThat(e.field()).isEqualTo("size"));
        assertThatExceptionOfType(InvalidTokenRequestException.class)
                .isThrownBy(() -> service.listByTenant("acme", null, TokenStatus.ROTATED, null, 10))
                .satisfies(e -> assertThat(e.field()).isEqualTo("status"));
        assertThatExceptionOfType(InvalidTokenRequestException.class)
                .isThrownBy(() -> service.listByTenant("acme", " ", null, null, 10))
                .satisfies(e -> assertThat(e.field()).isEqualTo("ownerId"));
    }

    @Test
    void revokeByAnAdministratorThenActorRecordedAndRevokedEvent() {
        IssuedToken bobs = issue("acme", "bob", "b");
        events.clear();

        TokenInfo revoked = service.revoke("acme", bobs.info().id(), "carol", "revoked by a tenant admin");

        assertThat(revoked.revokedBy()).isEqualTo("carol");
        assertThat(events).containsExactly(new TokenEvent.Revoked(clock.instant(), revoked, "carol",
                "revoked by a tenant admin"));
    }

    @Test
    void revokeAllForOwnerWhenOffboardedThenEveryTokenRevokedByTheActorAndOneBulkEvent() {
        issue("acme", "bob", "b1");
        issue("acme", "bob", "b2");
        IssuedToken globex = issue("globex", "bob", "elsewhere");
        events.clear();

        int count = service.revokeAllForOwner("acme", "bob", "carol", "offboarded");

        assertThat(count).isEqualTo(2);
        assertThat(service.listByTenant("acme", "bob", null, null, 10).items()).extracting(TokenInfo::revokedBy)
                .containsExactly("carol", "carol");
        assertThat(service.get("globex", globex.info().id())).get().extracting(TokenInfo::status)
                .isEqualTo(TokenStatus.ACTIVE);
        assertThat(events).containsExactly(new TokenEvent.BulkRevoked(clock.instant(), "acme", "bob", 2, "carol",
                "offboarded"));
    }
}
