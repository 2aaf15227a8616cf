package dev.klink.tokens.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.InMemoryTokenStore;
import dev.klink.tokens.TokenPolicy;
import dev.klink.tokens.TokenService;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@link TokenServiceRaces} over the in-memory store. */
class InMemoryTokenServiceRacesTest {

    /** A clock that stands still: who revoked the old token then tells which call came first. */
    private static final MutableClock STILL = MutableClock.at(Instant.parse("2026-05-01T08:00:00Z"));

    private final InMemoryTokenStore store = new InMemoryTokenStore();

    private TokenService service(TokenPolicy policy) {
        return TokenService.builder(store).clock(STILL)
                .policy(policy).backgroundUsageFlush(false).build();
    }

    @Test
    void rotateWhileRevokingThenNeverALiveReplacementOfARevokedToken() throws Exception {
        try (TokenService service = service(TokenPolicy.defaults())) {
            TokenServiceRaces.rotateWhileRevoking(service, 1_000, false);
        }
    }

    @Test
    void rotateWhileRevokingAllForOwnerThenNeverALiveReplacementOfARevokedToken() throws Exception {
        try (TokenService service = service(TokenPolicy.defaults())) {
            TokenServiceRaces.rotateWhileRevoking(service, 1_000, true);
        }
    }

    @Test
    void issueWhen20ParallelIssuesForOneOwnerWithLimit5ThenExactly5Succeed() throws Exception {
        try (TokenService service = service(TokenPolicy.builder().maxActiveTokensPerOwner(5).build())) {
            for (int round = 0; round < 50; round++) {
                assertThat(TokenServiceRaces.issueConcurrently(service, "owner-" + round, 20)).as("round " + round)
                        .isEqualTo(5);
            }
        }
    }
}
