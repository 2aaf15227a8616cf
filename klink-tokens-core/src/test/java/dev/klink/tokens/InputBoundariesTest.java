package dev.klink.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klink.tokens.page.Page;
import dev.klink.tokens.page.PageRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each limit holds exactly at its edge: the largest allowed value passes, one more is refused. */
class InputBoundariesTest {

    private static final String ID = "0123456789abcdef";
    private static final String SECRET = "0123456789ABCDEFGHIJKLMNOPQRSTUV";

    @Test
    void prefixWhenTwentyFourCharactersThenValidAndItsTokenParses() {
        String prefix = "a".repeat(TokenFormat.MAX_PREFIX_LENGTH);
        String token = TokenFormat.format(prefix, ID, SECRET);

        assertThat(TokenFormat.isValidPrefix(prefix)).isTrue();
        assertThat(TokenFormat.isValidPrefix(prefix + "a")).isFalse();
        assertThat(token).hasSize(TokenFormat.MAX_LENGTH);
        assertThat(TokenFormat.parse(token)).isNotNull().extracting(ParsedToken::prefix).isEqualTo(prefix);
    }

    @Test
    void prefixWhenOneCharacterThenItsTokenParses() {
        String token = TokenFormat.format("z", ID, SECRET);

        assertThat(TokenFormat.parse(token)).isNotNull().extracting(ParsedToken::prefix).isEqualTo("z");
    }

    @Test
    void prefixWhenMadeOfTheEdgesOfEachCharacterRangeThenValid() {
        assertThat(TokenFormat.isValidPrefix("a")).isTrue();
        assertThat(TokenFormat.isValidPrefix("z")).isTrue();
        assertThat(TokenFormat.isValidPrefix("xaz09_q")).isTrue();
        assertThat(TokenFormat.isValidPrefix("x`")).isFalse();
        assertThat(TokenFormat.isValidPrefix("x{")).isFalse();
        assertThat(TokenFormat.isValidPrefix("x/")).isFalse();
        assertThat(TokenFormat.isValidPrefix("x:")).isFalse();
    }

    @Test
    void isValidIdWhenNotSixteenBase62CharactersThenFalse() {
        assertThat(TokenFormat.isValidId(ID)).isTrue();
        assertThat(TokenFormat.isValidId(null)).isFalse();
        assertThat(TokenFormat.isValidId(ID.substring(1))).isFalse();
        assertThat(TokenFormat.isValidId(ID + "0")).isFalse();
        assertThat(TokenFormat.isValidId("0123456789abcde-")).isFalse();
    }

    @Test
    void identifierWhen128CharactersThenAcceptedAnd129Refused() {
        String longest = "t".repeat(Identifiers.MAX_LENGTH);

        assertThat(Identifiers.require("tenantId", longest)).isEqualTo(longest);
        assertThatThrownBy(() -> Identifiers.require("tenantId", longest + "t"))
                .isInstanceOf(InvalidTokenRequestException.class)
                .hasMessage("tenantId must be at most 128 characters, was 129");
    }

    @Test
    void pageRequestWhenSizeOneOrThousandThenAccepted() {
        assertThat(PageRequest.of(0, 1).size()).isEqualTo(1);
        assertThat(PageRequest.of(0, PageRequest.MAX_SIZE).size()).isEqualTo(1000);
        assertThatThrownBy(() -> PageRequest.of(0, 1001)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("size must be between 1 and 1000, was 1001");
    }

    @Test
    void hasNextWhenTheLastItemIsOnThisPageThenFalse() {
        assertThat(new Page<>(List.of(), 0, 10, 10).hasNext()).isFalse();
        assertThat(new Page<>(List.of(), 0, 10, 11).hasNext()).isTrue();
        assertThat(new Page<>(List.of(), 1, 10, 20).hasNext()).isFalse();
    }

    @Test
    void policyWhenLimitsAreOneAndDefaultEqualsMaxLifetimeThenBuilt() {
        TokenPolicy policy = TokenPolicy.builder().maxActiveTokensPerOwner(1).maxAbilitiesPerToken(1)
                .maxLifetime(Duration.ofDays(7)).defaultLifetime(Duration.ofDays(7)).build();

        assertThat(policy.maxActiveTokensPerOwner()).isEqualTo(1);
        assertThat(policy.maxAbilitiesPerToken()).isEqualTo(1);
        assertThat(policy.defaultLifetime()).isEqualTo(policy.maxLifetime());
    }

    @Test
    void wildcardWhenRequiredEndsAtTheColonThenNotGrantedAndOneCharacterMoreGranted() {
        assertThat(Abilities.grants("orders:*", "orders:")).isFalse();
        assertThat(Abilities.grants("orders:*", "orders:a")).isTrue();
        assertThat(Abilities.grants("orders:*", "orders")).isFalse();
    }

    @Test
    void wildcardWhenTwoCharactersLongThenCoversWhatFollowsTheColon() {
        assertThat(Abilities.grants(":*", ":a")).isTrue();
        assertThat(Abilities.grants("*:", ":a")).isFalse();
    }

    @Test
    void issueWhenTwentyMetadataEntriesThenAcceptedAndTwentyOneRefused() {
        Map<String, String> metadata = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            metadata.put("k" + i, "v");
        }
        try (TokenService service = TokenService.builder(new InMemoryTokenStore()).backgroundUsageFlush(false)
                .build()) {
            assertThatCode(() -> service.issue(IssueRequest.builder("acme", "alice").name("ci").abilities("a")
                    .metadata(metadata).build())).doesNotThrowAnyException();
            metadata.put("k20", "v");
            assertThatThrownBy(() -> service.issue(IssueRequest.builder("acme", "alice").name("ci").abilities("a")
                    .metadata(metadata).build())).isInstanceOf(InvalidTokenRequestException.class)
                    .hasMessage("metadata may hold at most 20 entries");
        }
    }
}
