package dev.klink.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Jazzer fuzz tests of the token parser (invariants and long runs: {@code docs/security/fuzzing.md}). {@code mvn test} replays the inputs under
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
        assertThat(parsed.check()).isEqualTo(expectedCheck(candidate.substring(0, candidate.length()
                - TokenFormat.CHECK_LENGTH)));
    }

    /**
     * Any parts: {@code format} either builds a token that parses back to those parts with a checksum computed
     * independently of the library, or throws {@link IllegalArgumentException} (its only documented exception).
     */
    @FuzzTest
    void formatArbitraryPartsThrowsOnlyIllegalArgumentOrRoundTrips(FuzzedDataProvider data) {
        String prefix = data.consumeString(TokenFormat.MAX_PREFIX_LENGTH + 2);
        String id = data.consumeString(TokenFormat.ID_LENGTH + 2);
        String secret = data.consumeRemainingAsString();
        String token;
        try {
            token = TokenFormat.format(prefix, id, secret);
        } catch (IllegalArgumentException refused) {
            assertThat(TokenFormat.isValidPrefix(prefix) && TokenFormat.isValidId(id) && isBase62(secret,
                    TokenFormat.SECRET_LENGTH)).isFalse();
            return;
        }
        ParsedToken parsed = TokenFormat.parse(token);
        assertThat(parsed).isNotNull();
        assertThat(parsed.prefix()).isEqualTo(prefix);
        assertThat(parsed.id()).isEqualTo(id);
        assertThat(parsed.secret()).isEqualTo(secret);
        assertThat(parsed.check()).isEqualTo(expectedCheck(prefix + "_" + id + "_" + secret));
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

    /** The checksum as the format defines it, computed without the library: CRC-32 of the ASCII bytes, base62. */
    private static String expectedCheck(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        long value = crc.getValue();
        char[] digits = new char[TokenFormat.CHECK_LENGTH];
        for (int i = digits.length - 1; i >= 0; i--) {
            digits[i] = BASE62.charAt((int) (value % 62));
            value /= 62;
        }
        assertThat(value).isZero();
        return new String(digits);
    }

    private static boolean isBase62(String s, int length) {
        return s.length() == length && s.chars().allMatch(c -> BASE62.indexOf(c) >= 0);
    }

    private static String base62(FuzzedDataProvider data, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(BASE62.charAt(data.consumeInt(0, 61)));
        }
        return out.toString();
    }
}
