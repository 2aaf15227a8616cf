package dev.klink.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klink.tokens.page.PageRequest;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The ability grammar, wildcards, the catalog with implications, checks and the issuer-may-grant hook. */
class AbilitiesTest {

    private static final AbilityCatalog CATALOG = AbilityCatalog.builder()
            .ability("orders:read", "Read orders")
            .ability("orders:write", "Create and change orders", "orders:read")
            .ability("orders:refunds:write", "Issue refunds", "orders:write")
            .ability("admin", "Everything an administrator does", "orders:refunds:write", "billing:read")
            .ability("billing:read", "Read invoices")
            .build();

    private static TokenPrincipal principal(AbilityCatalog catalog, String... abilities) {
        return new TokenPrincipal("acme", "alice", "0123456789ABCDEF", "CI", Set.of(abilities), null, catalog);
    }

    @ParameterizedTest
    @ValueSource(strings = {"orders", "orders:read", "repo:status:write", "a", "0", "v1.api_x-y:read",
            "orders:refunds:write"})
    void isAbilityWhenGrammarMetThenTrue(String ability) {
        assertThat(Abilities.isAbility(ability)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Orders", "orders:", ":read", "orders::read", "-orders", "orders:Read", "orders read",
            "*", "orders:*", ".x", "_x", "orders:rëad"})
    void isAbilityWhenGrammarBrokenThenFalse(String ability) {
        assertThat(Abilities.isAbility(ability)).isFalse();
    }

    @Test
    void isAbilityWhenLongerThan100ThenFalse() {
        assertThat(Abilities.isAbility("a".repeat(100))).isTrue();
        assertThat(Abilities.isAbility("a".repeat(101))).isFalse();
        assertThat(Abilities.isAbility(null)).isFalse();
    }

    @Test
    void isGrantWhenWildcardThenTrueOnlyForStarOrTrailingColonStar() {
        assertThat(Abilities.isGrant("*")).isTrue();
        assertThat(Abilities.isGrant("orders:*")).isTrue();
        assertThat(Abilities.isGrant("orders:refunds:*")).isTrue();
        assertThat(Abilities.isGrant("orders:read")).isTrue();
        assertThat(Abilities.isGrant("orders*")).isFalse();
        assertThat(Abilities.isGrant("*:read")).isFalse();
        assertThat(Abilities.isGrant("orders:*:read")).isFalse();
        assertThat(Abilities.isGrant(":*")).isFalse();
        assertThat(Abilities.isGrant("**")).isFalse();
        assertThat(Abilities.isGrant(null)).isFalse();
    }

    @Test
    void grantsWhenStarThenEverything() {
        assertThat(Abilities.grants("*", "orders:read")).isTrue();
        assertThat(Abilities.grants("*", "admin")).isTrue();
    }

    @Test
    void grantsWhenPrefixWildcardThenOnlyAbilitiesBelowIt() {
        assertThat(Abilities.grants("orders:*", "orders:read")).isTrue();
        assertThat(Abilities.grants("orders:*", "orders:a:b")).isTrue();
        assertThat(Abilities.grants("orders:*", "orders")).isFalse();
        assertThat(Abilities.grants("orders:*", "ordersx:read")).isFalse();
        assertThat(Abilities.grants("orders:*", "billing:read")).isFalse();
        assertThat(Abilities.grants("orders:refunds:*", "orders:read")).isFalse();
    }

    @Test
    void grantsWhenConcreteThenOnlyItself() {
        assertThat(Abilities.grants("orders:read", "orders:read")).isTrue();
        assertThat(Abilities.grants("orders", "orders:read")).isFalse();
        assertThat(Abilities.grants("orders:read", "orders:write")).isFalse();
    }

    @Test
    void catalogWhenBuiltThenDescriptionsInDeclarationOrder() {
        assertThat(CATALOG.definitions()).extracting(AbilityDefinition::name)
                .containsExactly("orders:read", "orders:write", "orders:refunds:write", "admin", "billing:read");
        assertThat(CATALOG.find("orders:write")).get().extracting(AbilityDefinition::description)
                .isEqualTo("Create and change orders");
        assertThat(CATALOG.find("orders:write").orElseThrow().implies()).containsExactly("orders:read");
        assertThat(CATALOG.find("nope")).isEmpty();
        assertThat(CATALOG.isUnrestricted()).isFalse();
    }

    @Test
    void catalogGrantsWhenImpliedTransitivelyThenTrue() {
        assertThat(CATALOG.grants(List.of("orders:write"), "orders:read")).isTrue();
        assertThat(CATALOG.grants(List.of("orders:refunds:write"), "orders:read")).isTrue();
        assertThat(CATALOG.grants(List.of("admin"), "orders:read")).isTrue();
        assertThat(CATALOG.grants(List.of("admin"), "billing:read")).isTrue();
        assertThat(CATALOG.grants(List.of("orders:read"), "orders:write")).isFalse();
        assertThat(CATALOG.grants(List.of("orders:write"), "orders:refunds:write")).isFalse();
        assertThat(CATALOG.grants(List.of("billing:read"), "admin")).isFalse();
    }

    @Test
    void catalogWhenImplicationCycleThenEachImpliesTheOtherButNotItselfTwice() {
        AbilityCatalog cyclic = AbilityCatalog.builder()
                .ability("a", "A", "b")
                .ability("b", "B", "a")
                .build();
        assertThat(cyclic.grants(List.of("a"), "b")).isTrue();
        assertThat(cyclic.grants(List.of("b"), "a")).isTrue();
    }

    @Test
    void catalogWhenDeclaredTwiceOrImpliesUndeclaredThenIllegalArgument() {
        assertThatThrownBy(() -> AbilityCatalog.builder().ability("a", "A").ability("a", "again"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("ability 'a' is declared twice");
        assertThatThrownBy(() -> AbilityCatalog.builder().ability("a", "A", "ghost").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ability 'a' implies 'ghost', which is not declared");
        assertThatThrownBy(() -> AbilityCatalog.builder().ability("Bad", "B"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was 'Bad'");
        assertThatThrownBy(() -> AbilityCatalog.builder().ability("a", " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("ability 'a' needs a description");
    }

    @Test
    void validateWhenUnknownAbilityThenInvalidTokenRequestNamingIt() {
        assertThatThrownBy(() -> CATALOG.validate(List.of("orders:read", "billing:write")))
                .isInstanceOf(IllegalArgumentException.class)
                .isInstanceOf(InvalidTokenRequestException.class)
                .hasMessageStartingWith("Unknown ability 'billing:write'")
                .extracting(e -> ((InvalidTokenRequestException) e).field()).isEqualTo("abilities");
    }

    @Test
    void validateWhenWildcardCoversDeclaredThenAcceptedElseRejected() {
        CATALOG.validate(List.of("*", "orders:*", "orders:refunds:*", "billing:read"));
        assertThatThrownBy(() -> CATALOG.validate(List.of("shipping:*")))
                .isInstanceOf(InvalidTokenRequestException.class)
                .hasMessageStartingWith("Unknown ability 'shipping:*'");
        assertThatThrownBy(() -> CATALOG.validate(List.of("Orders:Read")))
                .isInstanceOf(InvalidTokenRequestException.class)
                .hasMessageStartingWith("Malformed ability 'Orders:Read'");
    }

    @Test
    void unrestrictedCatalogWhenAnyWellFormedAbilityThenAccepted() {
        AbilityCatalog.unrestricted().validate(List.of("anything:goes", "x:*"));
        assertThatThrownBy(() -> AbilityCatalog.unrestricted().validate(List.of("No Way")))
                .isInstanceOf(InvalidTokenRequestException.class)
                .hasMessageStartingWith("Malformed ability 'No Way'");
    }

    @Test
    void checkAllWhenEveryAbilityHeldThenSatisfied() {
        TokenPrincipal writer = principal(CATALOG, "orders:write", "billing:read");
        assertThat(AbilityCheck.all("orders:read", "billing:read").isSatisfiedBy(writer)).isTrue();
        assertThat(AbilityCheck.all("orders:read", "orders:refunds:write").isSatisfiedBy(writer)).isFalse();
        assertThat(AbilityCheck.all().isSatisfiedBy(writer)).isTrue();
        assertThat(AbilityCheck.all()).isSameAs(AbilityCheck.none());
    }

    @Test
    void checkAnyWhenOneAbilityHeldThenSatisfied() {
        TokenPrincipal reader = principal(CATALOG, "orders:read");
        assertThat(AbilityCheck.any("admin", "orders:read").isSatisfiedBy(reader)).isTrue();
        assertThat(AbilityCheck.any("admin", "billing:read").isSatisfiedBy(reader)).isFalse();
        assertThatThrownBy(AbilityCheck::any).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an any(...) check needs at least one ability");
        assertThatThrownBy(() -> AbilityCheck.all("Bad"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Malformed ability 'Bad' in a check");
    }

    @Test
    void checkWhenTokenHoldsWildcardThenCoversBelowOnly() {
        TokenPrincipal orders = principal(CATALOG, "orders:*");
        assertThat(AbilityCheck.all("orders:read", "orders:refunds:write").isSatisfiedBy(orders)).isTrue();
        assertThat(AbilityCheck.all("billing:read").isSatisfiedBy(orders)).isFalse();
        assertThat(AbilityCheck.all("admin", "billing:read").isSatisfiedBy(principal(CATALOG, "*"))).isTrue();
    }

    @Test
    void issueWhenUnknownAbilityThenInvalidTokenRequestNamingIt() {
        TokenService service = TokenService.builder(new InMemoryTokenStore()).catalog(CATALOG)
                .backgroundUsageFlush(false).build();
        assertThatThrownBy(() -> service.issue(IssueRequest.builder("acme", "alice").name("CI")
                .abilities("orders:read", "orders:delete").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Unknown ability 'orders:delete'");
        assertThat(service.listByOwner("acme", "alice", PageRequest.first(10)).totalItems()).isZero();
    }

    @Test
    void issueWhenOwnerMayNotGrantAbilityThenRefusedNamingIt() {
        TokenService service = TokenService.builder(new InMemoryTokenStore()).catalog(CATALOG)
                .grantableAbilities((tenant, owner) -> owner.equals("alice") ? List.of("orders:read")
                        : List.of("orders:*"))
                .backgroundUsageFlush(false).build();

        assertThatThrownBy(() -> service.issue(IssueRequest.builder("acme", "alice").name("CI")
                .abilities("orders:write").build()))
                .isInstanceOf(InvalidTokenRequestException.class)
                .hasMessage("Ability 'orders:write' exceeds what the owner may grant")
                .extracting(e -> ((InvalidTokenRequestException) e).field()).isEqualTo("abilities");
        assertThatThrownBy(() -> service.issue(IssueRequest.builder("acme", "alice").name("CI")
                .abilities("orders:*").build()))
                .isInstanceOf(InvalidTokenRequestException.class)
                .hasMessage("Ability 'orders:*' exceeds what the owner may grant");
        assertThat(service.issue(IssueRequest.builder("acme", "alice").name("CI").abilities("orders:read").build())
                .info().abilities()).containsExactly("orders:read");
        // bob may grant orders:*, which covers orders:refunds:write but not billing:read
        assertThat(service.issue(IssueRequest.builder("acme", "bob").name("CI")
                .abilities("orders:refunds:write").build()).info().abilities())
                .containsExactly("orders:refunds:write");
        assertThatThrownBy(() -> service.issue(IssueRequest.builder("acme", "bob").name("CI")
                .abilities("billing:read").build()))
                .isInstanceOf(InvalidTokenRequestException.class)
                .hasMessage("Ability 'billing:read' exceeds what the owner may grant");
    }

    @Test
    void verifyWhenImpliedAbilityRequiredThenValid() {
        TokenService service = TokenService.builder(new InMemoryTokenStore()).catalog(CATALOG)
                .backgroundUsageFlush(false).build();
        IssuedToken issued = service.issue(IssueRequest.builder("acme", "alice").name("CI").abilities("admin")
                .build());
        VerificationResult result = service.verify(issued.plaintext(), "acme", AbilityCheck.all("orders:read"),
                null);
        assertThat(result.isValid()).isTrue();
        assertThat(result.requirePrincipal().abilities()).containsExactly("admin");
        assertThat(result.requirePrincipal().hasAbility("billing:read")).isTrue();
    }
}
