package dev.klink.tokens.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klink.tokens.AbilityCheck;
import dev.klink.tokens.InMemoryTokenStore;
import dev.klink.tokens.TokenService;
import jakarta.servlet.ServletException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** equals, hashCode and toString of the servlet types, and the limits of their inputs at the edge. */
class ServletValueSemanticsTest {

    @Test
    void accessWhenSameCheckThenEqualWithTheSameHash() {
        assertThat(Access.all("a", "b")).isEqualTo(Access.parse("all(a, b)"));
        assertThat(Access.all("a", "b").hashCode())
                .isEqualTo(Boolean.hashCode(false) * 31 + AbilityCheck.all("a", "b").hashCode());
        assertThat(Access.permitAll().hashCode()).isEqualTo(Boolean.hashCode(true) * 31 + AbilityCheck.none().hashCode());
    }

    @Test
    void accessWhenPermitOrCheckDiffersThenNotEqual() {
        assertThat(Access.permitAll()).isNotEqualTo(Access.authenticated());
        assertThat(Access.all("a")).isNotEqualTo(Access.any("a"));
        assertThat(Access.all("a")).isNotEqualTo("all(a)");
    }

    @Test
    void accessWhenPrintedThenTheTextParseReads() {
        assertThat(Access.permitAll()).hasToString("permitAll");
        assertThat(Access.authenticated()).hasToString("authenticated");
        assertThat(Access.all("a", "b")).hasToString("all(a, b)");
        assertThat(Access.any("a")).hasToString("any(a)");
        assertThat(Access.of(AbilityCheck.none())).isSameAs(Access.authenticated());
    }

    @Test
    void bearerResolutionWhenPrintedThenNeverShowsTheToken() {
        assertThat(BearerResolution.token("abc")).hasToString("BearerResolution[token]");
        assertThat(BearerResolution.none()).hasToString("BearerResolution[none]");
        assertThat(BearerResolution.error(BearerError.TOKEN_IN_QUERY))
                .hasToString("BearerResolution[error=TOKEN_IN_QUERY]");
        assertThat(BearerResolution.token("abc").hasToken()).isTrue();
        assertThat(BearerResolution.none().hasToken()).isFalse();
        assertThat(BearerResolution.error(BearerError.MALFORMED_TOKEN).hasToken()).isFalse();
    }

    @Test
    void outcomeWhenNeitherPrincipalNorErrorThenHasNoCredentials() {
        assertThat(new BearerAuthenticator.Outcome("/", null, null, List.of(), null, null).hasNoCredentials()).isTrue();
        assertThat(BearerAuthenticator.Outcome.refused("/", BearerError.MISSING_TOKEN, List.of(), null, null)
                .hasNoCredentials()).isFalse();
    }

    @Test
    void realmWhen200PrintableCharactersThenAcceptedAnd201Refused() {
        String longest = "~".repeat(200);

        assertThat(BearerErrorResponder.create(longest).realm()).isEqualTo(longest);
        assertThat(BearerErrorResponder.create(" ").realm()).isEqualTo(" ");
        assertThatThrownBy(() -> BearerErrorResponder.create(longest + "~"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("realm must have 1 to 200 characters, had 201");
        assertThatThrownBy(() -> BearerErrorResponder.create("a\u007f"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("realm must be printable ASCII, found U+007F at index 1");
        assertThatThrownBy(() -> BearerErrorResponder.create("a\u001f"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("realm must be printable ASCII, found U+001F at index 1");
    }

    @Test
    void responderWhenPrintedThenNamesTheRealm() {
        assertThat(BearerErrorResponder.create("api")).hasToString("BearerErrorResponder[realm=api]");
        assertThat(BearerErrorResponder.create("klink")).isSameAs(BearerErrorResponder.create());
    }

    @Test
    void findInWhenWrappedSixteenDeepThenFoundAndSeventeenNot() {
        InsufficientAbilitiesException insufficient = new InsufficientAbilitiesException(AbilityCheck.all("a"));
        Throwable fifteen = insufficient;
        for (int i = 0; i < 15; i++) {
            fifteen = new ServletException(fifteen);
        }
        Throwable sixteen = new ServletException(fifteen);

        assertThat(InsufficientAbilitiesException.findIn(fifteen)).isSameAs(insufficient);
        assertThat(InsufficientAbilitiesException.findIn(sixteen)).isNull();
        assertThat(insufficient.check()).isEqualTo(AbilityCheck.all("a"));
    }

    @Test
    void resolverWhenPrintedThenShowsWhetherFormBodiesAreRead() {
        assertThat(DefaultBearerTokenResolver.create())
                .hasToString("DefaultBearerTokenResolver[allowFormBodyParameter=false]");
        assertThat(DefaultBearerTokenResolver.builder().allowFormBodyParameter(true).build())
                .hasToString("DefaultBearerTokenResolver[allowFormBodyParameter=true]");
        assertThat(DefaultBearerTokenResolver.builder().build()).isSameAs(DefaultBearerTokenResolver.create());
    }

    @Test
    void filterWhenPrintedThenShowsRealmRulesAndDefaultAccess() {
        try (TokenService tokens = TokenService.builder(new InMemoryTokenStore()).backgroundUsageFlush(false)
                .build()) {
            KlinkTokenFilter filter = KlinkTokenFilter.builder(tokens).realm("api")
                    .rule(AccessRule.path("/health").permitAll()).defaultAccess(Access.all("a")).build();

            assertThat(filter).hasToString("KlinkTokenFilter[realm=api, rules=[/health permitAll], "
                    + "defaultAccess=all(a)]");
            assertThat(new KlinkTokenFilter()).hasToString("KlinkTokenFilter[not initialized]");
        }
    }

    @Test
    void queryWhenNameIsPercentEncodedWithAnyHexCaseThenFound() {
        assertThat(DefaultBearerTokenResolver.queryHasParameter("%61ccess_token=x", "access_token")).isTrue();
        assertThat(DefaultBearerTokenResolver.queryHasParameter("%41=x", "A")).isTrue();
        assertThat(DefaultBearerTokenResolver.queryHasParameter("%4a=x", "J")).isTrue();
        assertThat(DefaultBearerTokenResolver.queryHasParameter("%4F=x", "O")).isTrue();
        assertThat(DefaultBearerTokenResolver.queryHasParameter("%3f=x", "?")).isTrue();
        assertThat(DefaultBearerTokenResolver.queryHasParameter("%30%39=x", "09")).isTrue();
        assertThat(DefaultBearerTokenResolver.queryHasParameter("%4g=x", "%4g")).isTrue();
        assertThat(DefaultBearerTokenResolver.queryHasParameter("a+b=x", "a b")).isTrue();
        assertThat(DefaultBearerTokenResolver.queryHasParameter("x=1&%61ccess_token", "access_token")).isTrue();
        assertThat(DefaultBearerTokenResolver.queryHasParameter("access_tokens=x", "access_token")).isFalse();
    }

    @Test
    void b64TokenWhenCharactersAtTheEdgesOfTheAlphabetThenAcceptedAndTheirNeighboursRefused() {
        assertThat(DefaultBearerTokenResolver.isB64Token("AZaz09-._~+/==")).isTrue();
        for (String refused : List.of("@", "[", "`", "{", ",", ":", "=", "a=b", "\u0080", "\u00ff", "a b")) {
            assertThat(DefaultBearerTokenResolver.isB64Token(refused)).as(refused).isFalse();
        }
    }

    @Test
    void controlWhenAtTheEdgesOfEachRangeThenClassifiedExactly() {
        Map<Character, Boolean> expected = Map.of('\u001f', true, ' ', false, '~', false, '\u007f', true,
                '\u009f', true, '\u00a0', false, '\u2027', false, '\u2028', true, '\u2029', true, '\u202a', false);
        expected.forEach((c, control) -> assertThat(RequestPaths.isControl(c)).as("U+%04X", (int) c)
                .isEqualTo(control));
    }
}
