package dev.klink.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Jazzer fuzz tests of the token parser. {@code mvn test} replays the inputs under
 * {@code src/test/resources/dev/klink/tokens/TokenFormatFuzzTestInputs/<method>/}; real fuzzing:
 * {@code JAZZER_FUZZ=1 mvn test -pl klink-tokens-core -Dtest='TokenFormatFuzzTest#parseNeverThrowsAndRoundTrips'}.
 */
class TokenFormatFuzzTest {

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /** Any string: parsing never throws, and what it accepts is a scanner match that formats back to itself. */
    @FuzzTest
    void parseNeverThrowsAndRoundTrips(byte[] input) {
        String candidate = new String(input, StandardCharsets.UTF_8);
        ParsedToken parsed = TokenFormat.parse(candidate);
        if (parsed == null) {
            return;
        }
        assertThat(TokenFormat.SCANNER_PATTERN.matcher(candidate).matches()).isTrue();
        assertThat(TokenFormat.isValidPrefix(parsed.prefix())).isTrue();
        assertThat(TokenFormat.format(parsed.prefix(), parsed.id(), parsed.secret())).isEqualTo(candidate);
        assertThat(parsed.token()).isEqualTo(candidate);
    }

    /** Any well-formed parts: the formatted token parses back into exactly those parts. */
    @FuzzTest
    void formatThenParseGivesTheParts(FuzzedDataProvider data) {
        String prefix = data.consumeString(TokenFormat.MAX_PREFIX_LENGTH);
        if (!TokenFormat.isValidPrefix(prefix)) {
            prefix = TokenFormat.DEFAULT_PREFIX;
        }
        String id = base62(data, TokenFormat.ID_LENGTH);
        String secret = base62(data, TokenFormat.SECRET_LENGTH);
        String token = TokenFormat.format(prefix, id, secret);
        ParsedToken parsed = TokenFormat.parse(token);
        assertThat(parsed).isNotNull();
        assertThat(parsed.prefix()).isEqualTo(prefix);
        assertThat(parsed.id()).isEqualTo(id);
        assertThat(parsed.secret()).isEqualTo(secret);
        assertThat(TokenFormat.SCANNER_PATTERN.matcher(token).matches()).isTrue();
    }

    private static String base62(FuzzedDataProvider data, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(BASE62.charAt(data.consumeInt(0, 61)));
        }
        return out.toString();
    }
}
