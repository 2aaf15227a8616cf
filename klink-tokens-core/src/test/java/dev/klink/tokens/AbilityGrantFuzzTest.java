package dev.klink.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Jazzer fuzz test of the ability grammar and the grant check on the issue path (invariants and long runs:
 * {@code docs/security/fuzzing.md}). {@code mvn test} replays the inputs under
 * {@code src/test/resources/dev/klink/tokens/AbilityGrantFuzzTestInputs/<method>/}.
 *
 * <p>Names come mostly from a small universe ({@code a}, {@code b:c:a} …) so that catalogs, wildcards and
 * implications overlap, and sometimes straight from the fuzzer so that malformed names are tried too.
 */
class AbilityGrantFuzzTest {

    private static final String[] SEGMENTS = {"a", "b", "c", "a.b"};
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    /** Every concrete ability of the universe: what the issued token is probed with. */
    private static final List<String> PROBES = probes();

    /**
     * Any catalog, grantable set and requested abilities: issuing either succeeds or throws
     * {@link InvalidTokenRequestException} on {@code abilities}; malformed names are always refused; and the issued
     * token holds no ability, directly, through a wildcard or through an implication, that the owner may not grant.
     */
    @FuzzTest
    void issuedTokenNeverHoldsAnAbilityOutsideTheGrantableClosure(FuzzedDataProvider data) {
        AbilityCatalog catalog = catalog(data);
        if (catalog == null) {
            return;
        }
        @Nullable List<String> grantable = null;
        if (data.consumeBoolean()) {
            grantable = new ArrayList<>();
            for (int i = data.consumeInt(0, 4); i > 0; i--) {
                grantable.add(grant(data, false));
            }
        }
        Set<String> requested = new LinkedHashSet<>();
        for (int i = data.consumeInt(0, 5); i > 0; i--) {
            requested.add(grant(data, true));
        }
        List<String> answer = grantable;
        TokenService.Builder builder = TokenService.builder(new InMemoryTokenStore()).catalog(catalog).clock(CLOCK)
                .backgroundUsageFlush(false);
        if (answer != null) {
            builder.grantableAbilities((tenant, owner) -> answer);
        }
        try (TokenService service = builder.build()) {
            check(service, catalog, answer, requested);
        }
    }

    private static void check(TokenService service, AbilityCatalog catalog, @Nullable List<String> answer,
            Set<String> requested) {
        IssueRequest request = IssueRequest.builder("acme", "alice").name("fuzz").abilities(requested).build();
        if (!requested.stream().allMatch(Abilities::isGrant)) {
            assertThatThrownBy(() -> service.issue(request)).isInstanceOfSatisfying(InvalidTokenRequestException.class,
                    e -> assertThat(e.field()).isEqualTo("abilities"));
            return;
        }
        IssuedToken issued;
        try {
            issued = service.issue(request);
        } catch (InvalidTokenRequestException refused) {
            assertThat(refused.field()).isEqualTo("abilities");
            return;
        }
        Set<String> held = issued.info().abilities();
        assertThat(held).isEqualTo(requested);
        for (String probe : probes(catalog)) {
            if (service.catalog().grants(held, probe)) {
                assertThat(grantable(catalog, answer, probe))
                        .as("token %s holds %s, which the owner may not grant (%s, catalog %s)", held, probe,
                                answer == null ? "declared abilities" : answer, catalog)
                        .isTrue();
            }
        }
    }

    /** Whether an owner with {@code grantable} (null: the default) may hand out {@code ability} itself. */
    private static boolean grantable(AbilityCatalog catalog, @Nullable List<String> grantable, String ability) {
        if (grantable == null) {
            return catalog.isUnrestricted() || catalog.find(ability).isPresent();
        }
        return grantable.stream().anyMatch(grant -> Abilities.grants(grant, ability));
    }

    /**
     * A catalog of up to six declarations, or null when the builder refused it; the builder throws only
     * {@link IllegalArgumentException}, and only for a malformed or repeated name or an undeclared implication.
     */
    private static @Nullable AbilityCatalog catalog(FuzzedDataProvider data) {
        if (data.consumeInt(0, 3) == 0) {
            return AbilityCatalog.unrestricted();
        }
        List<String> names = new ArrayList<>();
        for (int i = data.consumeInt(0, 6); i > 0; i--) {
            names.add(ability(data, true));
        }
        AbilityCatalog.Builder builder = AbilityCatalog.builder();
        Set<String> declared = new LinkedHashSet<>();
        boolean undeclaredImplication = false;
        for (String name : names) {
            Set<String> implies = new LinkedHashSet<>();
            for (int j = data.consumeInt(0, 3); j > 0; j--) {
                String implied = data.consumeInt(0, 7) == 0 || names.isEmpty() ? ability(data, false)
                        : names.get(data.consumeInt(0, names.size() - 1));
                implies.add(implied);
                undeclaredImplication |= !names.contains(implied);
            }
            try {
                builder.ability(new AbilityDefinition(name, "described", implies));
                assertThat(declared.add(name)).isTrue();
            } catch (IllegalArgumentException refused) {
                assertThat(!Abilities.isAbility(name) || declared.contains(name)).isTrue();
                return null;
            }
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException refused) {
            assertThat(undeclaredImplication).isTrue();
            return null;
        }
    }

    /** A grant: mostly a concrete ability, sometimes {@code *} or {@code x:*}, rarely (when asked) raw bytes. */
    private static String grant(FuzzedDataProvider data, boolean raw) {
        return switch (data.consumeInt(0, 7)) {
            case 0 -> raw ? data.consumeString(20) : Abilities.ALL;
            case 1 -> Abilities.ALL;
            case 2, 3 -> ability(data, false) + ":*";
            default -> ability(data, raw);
        };
    }

    private static String ability(FuzzedDataProvider data, boolean raw) {
        if (raw && data.consumeInt(0, 15) == 0) {
            return data.consumeString(20);
        }
        StringBuilder name = new StringBuilder(SEGMENTS[data.consumeInt(0, SEGMENTS.length - 1)]);
        for (int depth = data.consumeInt(0, 2); depth > 0; depth--) {
            name.append(':').append(SEGMENTS[data.consumeInt(0, SEGMENTS.length - 1)]);
        }
        return name.toString();
    }

    private static Set<String> probes(AbilityCatalog catalog) {
        Set<String> probes = new LinkedHashSet<>(PROBES);
        catalog.definitions().forEach(definition -> probes.add(definition.name()));
        return probes;
    }

    private static List<String> probes() {
        List<String> probes = new ArrayList<>();
        List<String> level = List.of("");
        for (int depth = 0; depth < 4; depth++) {
            List<String> next = new ArrayList<>();
            for (String parent : level) {
                for (String segment : SEGMENTS) {
                    next.add(parent.isEmpty() ? segment : parent + ":" + segment);
                }
            }
            probes.addAll(next);
            level = next;
        }
        return List.copyOf(probes);
    }
}
