package dev.klink.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klink.tokens.page.PageRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an owner may grant: the default (declared abilities only), wildcards, and implication closures. */
class GrantCheckTest {

    private static final AbilityCatalog CATALOG = AbilityCatalog.builder()
            .ability("orders:read", "Read orders")
            .ability("orders:admin", "Administer orders", "orders:read", "customers:read")
            .ability("customers:read", "Read customers")
            .build();

    private static TokenService service(AbilityCatalog catalog, List<String> grantable) {
        TokenService.Builder builder = TokenService.builder(new InMemoryTokenStore()).catalog(catalog)
                .backgroundUsageFlush(false);
        if (!grantable.isEmpty()) {
            builder.grantableAbilities((tenant, owner) -> grantable);
        }
        return builder.build();
    }

    private static IssuedToken issue(TokenService service, String... abilities) {
        return service.issue(IssueRequest.builder("acme", "alice").name("CI").abilities(abilities).build());
    }

    private static void assertRefused(TokenService service, String ability, String... requested) {
        assertThatThrownBy(() -> issue(service, requested))
                .isInstanceOf(InvalidTokenRequestException.class)
                .hasMessage("Ability '" + ability + "' exceeds what the owner may grant")
                .extracting(e -> ((InvalidTokenRequestException) e).field()).isEqualTo("abilities");
        assertThat(service.listByOwner("acme", "alice", PageRequest.first(10)).totalItems()).isZero();
    }

    @Test
    void issueWhenNoGrantableAbilitiesConfiguredThenEveryDeclaredAbilityIssuable() {
        TokenService service = service(CATALOG, List.of());

        assertThat(issue(service, "orders:read", "orders:admin", "customers:read").info().abilities())
                .containsExactlyInAnyOrder("orders:read", "orders:admin", "customers:read");
    }

    @Test
    void issueWhenNoGrantableAbilitiesConfiguredThenStarRefused() {
        assertRefused(service(CATALOG, List.of()), "*", "*");
    }

    @Test
    void issueWhenNoGrantableAbilitiesConfiguredThenPrefixWildcardRefused() {
        assertRefused(service(CATALOG, List.of()), "orders:*", "orders:*");
    }

    @Test
    void issueWhenUnrestrictedCatalogAndNoGrantableAbilitiesConfiguredThenWildcardsRefusedConcreteIssued() {
        TokenService service = service(AbilityCatalog.unrestricted(), List.of());

        assertRefused(service, "*", "*");
        assertRefused(service, "repo:*", "repo:*");
        assertThat(issue(service, "repo:read").info().abilities()).containsExactly("repo:read");
    }

    @Test
    void issueWhenGrantableSetNamesWildcardThenWildcardIssuable() {
        TokenService service = service(CATALOG, List.of("*"));

        assertThat(issue(service, "*").info().abilities()).containsExactly("*");
        assertThat(issue(service, "orders:*").info().abilities()).containsExactly("orders:*");
    }

    @Test
    void issueWhenImpliedAbilityNotGrantableThenRefused() {
        assertRefused(service(CATALOG, List.of("orders:*")), "customers:read", "orders:admin");
    }

    @Test
    void issueWhenImpliedAbilityGrantableTooThenIssued() {
        TokenService service = service(CATALOG, List.of("orders:*", "customers:read"));

        assertThat(issue(service, "orders:admin").info().abilities()).containsExactly("orders:admin");
    }

    @Test
    void issueWhenWildcardCoversAbilityImplyingUngrantableOneThenRefused() {
        // orders:* covers orders:admin, which implies customers:read: granting orders:* would grant that too
        assertRefused(service(CATALOG, List.of("orders:*")), "customers:read", "orders:*");
    }

    @Test
    void verifyWhenTokenHoldsWildcardThenHoldsWhatCoveredAbilitiesImply() {
        TokenService service = service(CATALOG, List.of("orders:*", "customers:read"));
        IssuedToken issued = issue(service, "orders:*");

        VerificationResult result = service.verify(issued.plaintext(), "acme", AbilityCheck.all("customers:read"),
                null);

        assertThat(result.isValid()).isTrue();
        assertThat(result.requirePrincipal().hasAbility("customers:read")).isTrue();
        assertThat(result.requirePrincipal().hasAbility("billing:read")).isFalse();
    }

    @Test
    void rotateWhenImpliedAbilityNoLongerGrantableThenRefused() {
        InMemoryTokenStore store = new InMemoryTokenStore();
        TokenService before = TokenService.builder(store).catalog(CATALOG).backgroundUsageFlush(false)
                .grantableAbilities((tenant, owner) -> List.of("orders:*", "customers:read")).build();
        IssuedToken issued = issue(before, "orders:admin");
        TokenService after = TokenService.builder(store).catalog(CATALOG).backgroundUsageFlush(false)
                .grantableAbilities((tenant, owner) -> List.of("orders:*")).build();

        assertThatThrownBy(() -> after.rotate("acme", issued.info().id(), "alice"))
                .isInstanceOf(InvalidTokenRequestException.class)
                .hasMessage("Ability 'customers:read' exceeds what the owner may grant");
    }
}
