package dev.klink.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The sha256 and hmac-sha256:&lt;keyId&gt; schemes against digests computed outside Java. */
class TokenHasherTest {

    static final String TOKEN = "klink_pat_bGqJYr9AIPFyyHx5_oAT2zwAlD2blfV9jjps13StxXualfhYl09VCff";
    /** {@code printf %s "$TOKEN" | sha256sum}. */
    static final String TOKEN_SHA256 = "fb1494b50252d93ceeaa23af42f1a3ef036434f41291270a1937f88fe7ef5418";
    static final String KEY = "klink-test-key-0123456789abcdefg";
    /** {@code printf %s "$TOKEN" | openssl dgst -sha256 -mac HMAC -macopt key:klink-test-key-0123456789abcdefg}. */
    static final String TOKEN_HMAC_KEY = "48a137e30773b1bebd486cc735c2afa567c88b58074b8bd6456f6e0176e56bbd";
    static final String OLDER_KEY = "klink-older-key-0123456789abcdefg";
    /** {@code printf %s "$TOKEN" | openssl dgst -sha256 -mac HMAC -macopt key:klink-older-key-0123456789abcdefg}. */
    static final String TOKEN_HMAC_OLDER_KEY = "5afc4970f7a7df76ba24dd1982c62cd48d83121d84db6389e7ee31f85512302f";

    static HmacKey key(String id, String ascii) {
        return HmacKey.of(id, ascii.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    @Test
    void sha256WhenVectorTokenThenKnownDigest() {
        TokenHasher hasher = TokenHasher.sha256();
        assertThat(hasher.primaryScheme()).isEqualTo("sha256");
        assertThat(HexFormat.of().formatHex(hasher.hash(TOKEN))).isEqualTo(TOKEN_SHA256);
    }

    @Test
    void sha256MatchesWhenSameTokenThenTrueElseFalse() {
        TokenHasher hasher = TokenHasher.sha256();
        assertThat(hasher.matches(TOKEN, "sha256", hex(TOKEN_SHA256))).isTrue();
        assertThat(hasher.matches(TOKEN.replace("Yl09VCff", "Yl09VCfg"), "sha256", hex(TOKEN_SHA256))).isFalse();
        assertThat(hasher.matches(TOKEN, "hmac-sha256:k1", hex(TOKEN_SHA256))).isFalse();
        assertThat(hasher.matches(TOKEN, "sha256", new byte[32])).isFalse();
    }

    @Test
    void hmacWhenVectorTokenThenOpensslDigest() {
        TokenHasher hasher = TokenHasher.hmacSha256(key("k1", KEY));
        assertThat(hasher.primaryScheme()).isEqualTo("hmac-sha256:k1");
        assertThat(HexFormat.of().formatHex(hasher.hash(TOKEN))).isEqualTo(TOKEN_HMAC_KEY);
        assertThat(hasher.matches(TOKEN, "hmac-sha256:k1", hex(TOKEN_HMAC_KEY))).isTrue();
    }

    @Test
    void hmacWhenKeyFromBase64ThenSameDigest() {
        String base64 = Base64.getEncoder().encodeToString(KEY.getBytes(StandardCharsets.US_ASCII));
        TokenHasher hasher = TokenHasher.hmacSha256(HmacKey.fromBase64("k1", base64));
        assertThat(HexFormat.of().formatHex(hasher.hash(TOKEN))).isEqualTo(TOKEN_HMAC_KEY);
    }

    @Test
    void hmacWhenOlderKeyHashThenStillMatchesUnderItsScheme() {
        TokenHasher hasher = TokenHasher.hmacSha256(key("k2", KEY), key("k1", OLDER_KEY));
        assertThat(hasher.primaryScheme()).isEqualTo("hmac-sha256:k2");
        assertThat(hasher.matches(TOKEN, "hmac-sha256:k1", hex(TOKEN_HMAC_OLDER_KEY))).isTrue();
        assertThat(hasher.matches(TOKEN, "hmac-sha256:k2", hex(TOKEN_HMAC_OLDER_KEY))).isFalse();
        assertThat(HexFormat.of().formatHex(hasher.hash(TOKEN))).isEqualTo(TOKEN_HMAC_KEY);
    }

    @Test
    void hmacWhenSha256SchemeThenMatchesThePlainDigestSoTheFirstKeyKeepsOldTokens() {
        TokenHasher hasher = TokenHasher.hmacSha256(key("k1", KEY));
        assertThat(hasher.matches(TOKEN, "sha256", hex(TOKEN_SHA256))).isTrue();
        assertThat(hasher.primaryScheme()).isEqualTo("hmac-sha256:k1");
    }

    @Test
    void hmacWhenUnknownSchemeThenNeverMatches() {
        TokenHasher hasher = TokenHasher.hmacSha256(key("k2", KEY), key("k1", OLDER_KEY));
        // the right digest under a scheme nobody configured never matches
        assertThat(hasher.matches(TOKEN, "hmac-sha256:gone", hex(TOKEN_HMAC_KEY))).isFalse();
        assertThat(hasher.matches(TOKEN, "hmac-sha256:", hex(TOKEN_HMAC_KEY))).isFalse();
        assertThat(hasher.matches(TOKEN, "sha256", hex(TOKEN_HMAC_KEY))).isFalse();
        assertThat(hasher.matches(TOKEN, "md5", hex(TOKEN_HMAC_KEY))).isFalse();
    }

    @Test
    void hmacKeyWhen31BytesThenRejectedNamingKeyId() {
        assertThatThrownBy(() -> HmacKey.of("primary-2026", new byte[31]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("HMAC key 'primary-2026' must be at least 32 bytes, was 31");
        assertThat(HmacKey.of("primary-2026", new byte[32]).id()).isEqualTo("primary-2026");
    }

    @Test
    void hmacKeyWhenBase64TooShortOrInvalidThenRejectedNamingKeyId() {
        assertThatThrownBy(() -> HmacKey.fromBase64("old", Base64.getEncoder().encodeToString(new byte[16])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("HMAC key 'old' must be at least 32 bytes, was 16");
        assertThatThrownBy(() -> HmacKey.fromBase64("old", "not base64!"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("HMAC key 'old' is not valid base64");
    }

    @Test
    void hmacKeyWhenSecretNullOrEmptyThenMessageSaysHowToSetIt() {
        String how = ": set it to at least 32 random bytes, e.g. HmacKey.fromBase64(id, System.getenv(\"KLINK_HMAC_KEY\"))"
                + " with KLINK_HMAC_KEY set to the output of openssl rand -base64 32 (or klink-tokens keygen)";
        assertThatThrownBy(() -> HmacKey.fromBase64("k1", System.getenv("KLINK_TEST_UNSET_HMAC_KEY")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("HMAC key 'k1' has no secret (null)" + how);
        assertThatThrownBy(() -> HmacKey.fromBase64("k1", " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("HMAC key 'k1' has an empty secret" + how);
        assertThatThrownBy(() -> HmacKey.of("k1", nullBytes()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("HMAC key 'k1' has no secret (null)" + how);
        assertThatThrownBy(() -> HmacKey.of("k1", new byte[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("HMAC key 'k1' has an empty secret" + how);
    }

    @Test
    void hmacWhenPrimaryKeyNullThenMessageSaysWhatToPass() {
        assertThatThrownBy(() -> TokenHasher.hmacSha256(nullKey()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hmacSha256 needs a primary key, was null: pass e.g. "
                        + "HmacKey.fromBase64(\"k1\", System.getenv(\"KLINK_HMAC_KEY\")), or use sha256() for no key");
    }

    /** A {@code null} as a caller without null checks passes it. */
    private static byte[] nullBytes() {
        return null;
    }

    private static HmacKey nullKey() {
        return null;
    }

    @Test
    void hmacKeyWhenIdMalformedThenRejected() {
        assertThatThrownBy(() -> HmacKey.of("has space", new byte[32]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("HMAC key id must match [A-Za-z0-9._-]{1,32}, was 'has space'");
    }

    @Test
    void hmacWhenSameKeyIdTwiceThenRejected() {
        assertThatThrownBy(() -> TokenHasher.hmacSha256(key("k1", KEY), key("k1", OLDER_KEY)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("HMAC key id 'k1' is configured twice");
    }

    @Test
    void hmacKeyWhenCallerChangesArrayAfterwardsThenKeyUnchanged() {
        byte[] material = KEY.getBytes(StandardCharsets.US_ASCII);
        HmacKey key = HmacKey.of("k1", material);
        material[0] ^= 1;
        assertThat(HexFormat.of().formatHex(TokenHasher.hmacSha256(key).hash(TOKEN))).isEqualTo(TOKEN_HMAC_KEY);
    }

    /** RFC 4231 test case 6: a key longer than SHA-256's 64-byte block is hashed first. */
    @Test
    void hmacWhenKeyLongerThanABlockThenRfc4231Vector() {
        byte[] key = new byte[131];
        java.util.Arrays.fill(key, (byte) 0xaa);
        TokenHasher hasher = TokenHasher.hmacSha256(HmacKey.of("k1", key));

        assertThat(HexFormat.of().formatHex(hasher.hash("Test Using Larger Than Block-Size Key - Hash Key First")))
                .isEqualTo("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    }

    @Test
    void hmacWhenRandomKeysAndInputsThenSameAsJavaxCryptoMac() throws Exception {
        java.util.Random random = new java.util.Random(7);
        for (int round = 0; round < 500; round++) {
            byte[] key = new byte[HmacKey.MIN_LENGTH_BYTES + random.nextInt(120)];
            random.nextBytes(key);
            char[] input = new char[random.nextInt(300)];
            for (int i = 0; i < input.length; i++) {
                input[i] = (char) (32 + random.nextInt(95));
            }
            String text = new String(input);
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
            TokenHasher hasher = TokenHasher.hmacSha256(HmacKey.of("k1", key));

            byte[] expected = mac.doFinal(text.getBytes(StandardCharsets.US_ASCII));

            assertThat(hasher.hash(text)).as("key of %d bytes, input of %d", key.length, input.length)
                    .isEqualTo(expected);
            // and once more on the same thread, whose digest and buffers are reused
            assertThat(hasher.matches(text, hasher.primaryScheme(), expected)).isTrue();
        }
    }
}
