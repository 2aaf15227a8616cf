package dev.klink.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.page.PageRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tenant isolation of every public {@link TokenService} operation that takes a tenant, as one table: a user of tenant
 * {@code globex} acting on a token or owner of tenant {@code acme} gets exactly the answer (return value, or
 * exception type and message) and the events an id or owner that exists nowhere gets, and acme's token keeps
 * working. Each attempt runs on its own service over identical tokens (same seed), so neither sees the other's
 * changes. {@code verify} with an expected tenant is refused as an unknown id is: no principal, the presented id; its
 * internal reason ({@code WRONG_TENANT}) stays finer, and the HTTP answer is compared byte for byte in the servlet
 * and Spring matrices.
 */
class TokenServiceTenantMatrixTest {

    private static final String ACME = "acme";
    private static final String GLOBEX = "globex";

    /** One operation of {@code tenant} on token {@code id} (plaintext {@code token}) or owner {@code owner}. */
    @FunctionalInterface
    interface Operation {
        Object apply(TokenService service, String tenant, String id, String token, String owner);
    }

    static Stream<Arguments> operations() {
        return Stream.of(
                row("get", (s, tenant, id, token, owner) -> s.get(tenant, id)),
                row("revoke", (s, tenant, id, token, owner) -> s.revoke(tenant, id, "mallory", "attempt")),
                row("rotate", (s, tenant, id, token, owner) -> s.rotate(tenant, id, "mallory")),
                row("rotate with grace", (s, tenant, id, token, owner) -> s.rotate(tenant, id,
                        Duration.ofHours(1), "mallory")),
                row("listByOwner", (s, tenant, id, token, owner) -> s.listByOwner(tenant, owner,
                        PageRequest.first(100))),
                row("revokeAllForOwner", (s, tenant, id, token, owner) -> s.revokeAllForOwner(tenant, owner,
                        "mallory", "attempt")),
                row("listByTenant", (s, tenant, id, token, owner) -> s.listByTenant(tenant, PageRequest.first(100))),
                row("revokeAllForTenant", (s, tenant, id, token, owner) -> s.revokeAllForTenant(tenant, "mallory",
                        "attempt")),
                row("verify with expected tenant", (s, tenant, id, token, owner) -> refusal(s.verify(token, tenant,
                        AbilityCheck.none(), "203.0.113.9"))));
    }

    private static Arguments row(String name, Operation operation) {
        return Arguments.of(name, operation);
    }

    /** What a caller of verify learns: whether it passed, the principal, the token id. */
    private static String refusal(VerificationResult result) {
        return "valid=" + result.isValid() + " principal=" + VerificationResults.principalOf(result) + " tokenId=" + result.tokenId();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    void operationWhenOtherTenantTargetsTokenThenSameAnswerAsUnknownId(String name, Operation operation) {
        Random unknownRandom = new Random(99);
        String unknownId = TokenFormat.randomId(unknownRandom);
        String unknownToken = TokenFormat.format(TokenFormat.DEFAULT_PREFIX, unknownId,
                TokenFormat.randomSecret(unknownRandom));

        Attempt unknown = new Attempt();
        Object unknownAnswer = unknown.answer(operation, unknownId, unknownToken, "nobody");
        Attempt crossTenant = new Attempt();
        Object crossTenantAnswer = crossTenant.answer(operation, crossTenant.acme.info().id(),
                crossTenant.acme.plaintext(), "alice");

        assertThat(crossTenantAnswer).as(name + " by globex on acme's token").isEqualTo(unknownAnswer);
        assertThat(crossTenant.eventNames()).as("events of " + name).isEqualTo(unknown.eventNames());
        assertThat(crossTenant.service.verify(crossTenant.acme.plaintext(), ACME, AbilityCheck.none(), null)
                .isValid()).as("acme's token after " + name).isTrue();
        assertThat(crossTenant.service.listByOwner(ACME, "alice", PageRequest.first(10)).items())
                .as("acme's tokens after " + name).extracting(TokenInfo::id)
                .containsExactly(crossTenant.acme.info().id());
    }

    /** A service over acme's and globex's tokens, issued from the same seed each time. */
    private static final class Attempt {

        final List<TokenEvent> events = new ArrayList<>();
        final TokenService service = TokenService.builder(new InMemoryTokenStore()).clock(new TestClock())
                .random(new Random(7)).backgroundUsageFlush(false).listener(events::add).build();
        final IssuedToken acme = service.issue(IssueRequest.builder(ACME, "alice").name("acme's").expiresInDays(30)
                .build());
        final IssuedToken globex = service.issue(IssueRequest.builder(GLOBEX, "gina").name("globex's")
                .expiresInDays(30).build());
        private final int issuedEvents = events.size();

        Object answer(Operation operation, String id, String token, String owner) {
            try {
                return normalized(operation.apply(service, GLOBEX, id, token, owner), id);
            } catch (RuntimeException e) {
                return "threw " + e.getClass().getName() + ": " + normalized(e.getMessage(), id);
            }
        }

        List<String> eventNames() {
            return events.subList(issuedEvents, events.size()).stream()
                    .map(event -> event.getClass().getSimpleName()).toList();
        }

        private String normalized(@Nullable Object value, String id) {
            return String.valueOf(value).replace(id, "<id>").replace(globex.info().id(), "<globex id>");
        }
    }
}
