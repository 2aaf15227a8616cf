package dev.klink.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Token format v1 against the shared reference vectors, plus the edges the vectors do not cover. */
class TokenFormatTest {

    private static final JsonNode VECTORS = readVectors();

    private static JsonNode readVectors() {
        try (InputStream in = TokenFormatTest.class.getResourceAsStream("/token-format-vectors.json")) {
            if (in == null) {
                throw new IllegalStateException("token-format-vectors.json is missing from the test resources");
            }
            return JsonMapper.builder().build().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<JsonNode> entries(String kind) {
        List<JsonNode> entries = new ArrayList<>();
        VECTORS.get(kind).forEach(entries::add);
        return entries;
    }

    /** A readable test name: the reason for invalid entries, shortened so a 100 000-char entry stays short. */
    private static String shorten(String s) {
        String visible = s.replace("\n", "\\n").replace("\0", "\\0");
        return visible.length() <= 90 ? visible : visible.substring(0, 90) + "... (" + s.length() + " chars)";
    }

    @Test
    void vectorsFileHoldsBothKinds() {
        assertThat(entries("valid")).hasSize(48);
        assertThat(entries("invalid")).hasSize(20);
        assertThat(VECTORS.get("default_prefix").asString()).isEqualTo(TokenFormat.DEFAULT_PREFIX);
    }

    @TestFactory
    Stream<DynamicTest> parseWhenValidVectorThenExactParts() {
        return entries("valid").stream().map(vector -> DynamicTest.dynamicTest(
                "valid " + vector.get("prefix").asString() + "_" + vector.get("id").asString(), () -> {
                    String token = vector.get("token").asString();
                    ParsedToken parsed = TokenFormat.parse(token);
                    assertThat(parsed).isNotNull();
                    assertThat(parsed.prefix()).isEqualTo(vector.get("prefix").asString());
                    assertThat(parsed.id()).isEqualTo(vector.get("id").asString());
                    assertThat(parsed.secret()).isEqualTo(vector.get("secret").asString());
                    assertThat(parsed.check()).isEqualTo(vector.get("check").asString());
                    assertThat(parsed.token()).isEqualTo(token);
                }));
    }

    @TestFactory
    Stream<DynamicTest> formatWhenVectorPartsThenExactToken() {
        return entries("valid").stream().map(vector -> DynamicTest.dynamicTest(
                "format " + vector.get("prefix").asString() + "_" + vector.get("id").asString(), () ->
                        assertThat(TokenFormat.format(vector.get("prefix").asString(), vector.get("id").asString(),
                                vector.get("secret").asString())).isEqualTo(vector.get("token").asString())));
    }

    @TestFactory
    Stream<DynamicTest> parseWhenInvalidVectorThenNull() {
        return entries("invalid").stream().map(vector -> DynamicTest.dynamicTest(
                "invalid: " + vector.get("why").asString() + " [" + shorten(vector.get("token").asString()) + "]",
                () -> assertThat(TokenFormat.parse(vector.get("token").asString())).isNull()));
    }

    @Test
    void scannerPatternWhenComparedWithVectorsThenSameRegex() {
        assertThat(TokenFormat.SCANNER_PATTERN.pattern()).isEqualTo(VECTORS.get("regex").asString());
    }

    @TestFactory
    Stream<DynamicTest> scannerPatternWhenValidVectorThenMatchesWholeToken() {
        return entries("valid").stream().map(vector -> DynamicTest.dynamicTest(
                "scanner finds " + vector.get("id").asString(), () -> {
                    String token = vector.get("token").asString();
                    assertThat(TokenFormat.SCANNER_PATTERN.matcher(token).matches()).isTrue();
                    // a scanner sees tokens inside text, e.g. a leaked config line
                    var inText = TokenFormat.SCANNER_PATTERN.matcher("export TOKEN=" + token + " # ci");
                    assertThat(inText.find()).isTrue();
                    assertThat(inText.group()).isEqualTo(token);
                }));
    }

    @Test
    void parseWhenNullOrEmptyThenNull() {
        assertThat(TokenFormat.parse(null)).isNull();
        assertThat(TokenFormat.parse("")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "kl", "klink_pat", "x1_y2", "a__b", "a0", "abcdefghijklmnopqrstuvwx"})
    void isValidPrefixWhenGrammarMetThenTrue(String prefix) {
        assertThat(TokenFormat.isValidPrefix(prefix)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "A", "Klink", "1abc", "_abc", "abc_", "klink-pat", "klink.pat", "kl ink",
            "abcdefghijklmnopqrstuvwxy", "kl\u00efnk", "\u0430bc"})
    void isValidPrefixWhenGrammarBrokenThenFalse(String prefix) {
        assertThat(TokenFormat.isValidPrefix(prefix)).isFalse();
    }

    @Test
    void isValidPrefixWhenNullThenFalse() {
        assertThat(TokenFormat.isValidPrefix(null)).isFalse();
    }

    @Test
    void formatWhenLongestPrefixThenParsesBack() {
        String prefix = "abcdefghijklmnopqrstuvwx";
        String token = TokenFormat.format(prefix, "0123456789ABCDEF", "GHIJKLMNOPQRSTUVWXYZabcdefghijkl");
        assertThat(token).hasSize(TokenFormat.MAX_LENGTH);
        ParsedToken parsed = TokenFormat.parse(token);
        assertThat(parsed).isNotNull();
        assertThat(parsed.prefix()).isEqualTo(prefix);
        assertThat(TokenFormat.parse("a" + token)).isNull();
    }

    @Test
    void formatWhenPrefixInvalidThenIllegalArgumentNamingIt() {
        assertThatThrownBy(() -> TokenFormat.format("Bad_", "0123456789ABCDEF", "GHIJKLMNOPQRSTUVWXYZabcdefghijkl"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("prefix must match [a-z][a-z0-9_]{0,23} and not end in '_', was 'Bad_'");
    }

    @Test
    void formatWhenIdOrSecretMalformedThenIllegalArgument() {
        assertThatThrownBy(() -> TokenFormat.format("kl", "0123456789ABCDE", "GHIJKLMNOPQRSTUVWXYZabcdefghijkl"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("id must be 16 base62 characters");
        assertThatThrownBy(() -> TokenFormat.format("kl", "0123456789ABCDE_", "GHIJKLMNOPQRSTUVWXYZabcdefghijkl"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("id must be 16 base62 characters");
        assertThatThrownBy(() -> TokenFormat.format("kl", "0123456789ABCDEF", "GHIJKLMNOPQRSTUVWXYZabcdefghijk-"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("secret must be 32 base62 characters");
    }

    @Test
    void parseWhenEveryCharOfValidTokenChangedThenNull() {
        String token = "klink_pat_AAAAAAAAAAAAAAAA_abcdefghijklmnopqrstuvwxyz0123450fCHNP";
        for (int i = 0; i < token.length(); i++) {
            char original = token.charAt(i);
            char replacement = original == 'q' ? 'r' : 'q';
            String changed = token.substring(0, i) + replacement + token.substring(i + 1);
            assertThat(TokenFormat.parse(changed)).as("token with char %d changed", i).isNull();
        }
    }

    /**
     * The checksum and the HMAC see only the low 8 bits of each character, so a character with the same low byte
     * as the one it replaces (U+0161 for {@code a}, U+FF41, a Latin-1 letter) must be refused by the alphabet check,
     * in a String and in any other CharSequence alike.
     */
    @Test
    void parseWhenIdOrSecretCharReplacedByOneWithTheSameLowByteThenNull() {
        String token = "klink_pat_AAAAAAAAAAAAAAAA_abcdefghijklmnopqrstuvwxyz0123450fCHNP";
        assertThat(TokenFormat.parse(token)).isNotNull();
        int idStart = "klink_pat_".length();
        for (int i = idStart; i < token.length(); i++) {
            if (token.charAt(i) == '_') {
                continue;
            }
            for (int high : new int[] {0x100, 0xff00, 0x4100}) {
                char lookAlike = (char) (high | token.charAt(i));
                String changed = token.substring(0, i) + lookAlike + token.substring(i + 1);
                assertThat(TokenFormat.parse(changed)).as("char %d replaced by U+%04X", i, (int) lookAlike).isNull();
                assertThat(TokenFormat.parse(new StringBuilder(changed).toString())).isNull();
                assertThat(Base62.allDigits(new StringBuilder(changed), i, i + 1)).isFalse();
            }
            char latin1 = (char) (0x80 | token.charAt(i));
            assertThat(Base62.allDigits(token.substring(0, i) + latin1 + token.substring(i + 1), i, i + 1)).as("U+%04X", (int) latin1)
                    .isFalse();
        }
    }

    @Test
    void randomIdAndSecretWhenGeneratedThenFormatParsesBack() {
        var random = new java.util.Random(7);
        String id = TokenFormat.randomId(random);
        String secret = TokenFormat.randomSecret(random);
        assertThat(TokenFormat.isValidId(id)).isTrue();
        assertThat(secret).hasSize(TokenFormat.SECRET_LENGTH).matches("[0-9A-Za-z]{32}");
        ParsedToken parsed = TokenFormat.parse(TokenFormat.format("kl", id, secret));
        assertThat(parsed).isNotNull();
        assertThat(parsed.id()).isEqualTo(id);
        assertThat(parsed.secret()).isEqualTo(secret);
    }

    /**
     * {@code parse} takes a {@code String}, so no test can observe which characters it reads. What it can show: a
     * 100 000-char input that starts with a valid token is rejected, and the call allocates a small constant
     * amount, nothing proportional to the input (the length check comes before any copy or scan).
     */
    @Test
    void parseWhen100000CharsThenNullWithoutAllocatingProportionally() {
        String valid = "klink_pat_AAAAAAAAAAAAAAAA_abcdefghijklmnopqrstuvwxyz0123450fCHNP";
        String huge = valid + "a".repeat(100_000 - valid.length());
        assertThat(huge).hasSize(100_000);
        assertThat(TokenFormat.parse(huge)).isNull();

        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "per-thread allocation counter needs a HotSpot-compatible JVM");
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        long threadId = Thread.currentThread().getId();
        for (int i = 0; i < 1_000; i++) {
            TokenFormat.parse(huge); // warm up so that class loading and JIT do not count
        }
        long before = threads.getThreadAllocatedBytes(threadId);
        int accepted = 0;
        for (int i = 0; i < 100; i++) {
            accepted += TokenFormat.parse(huge) == null ? 0 : 1;
        }
        long perCall = (threads.getThreadAllocatedBytes(threadId) - before) / 100;
        assertThat(accepted).isZero();
        // the input is 100 000 chars; a copy of it alone would be 100 KB
        assertThat(perCall).isLessThan(1_000);
    }
}
