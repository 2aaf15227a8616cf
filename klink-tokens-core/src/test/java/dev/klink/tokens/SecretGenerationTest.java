package dev.klink.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Base62 secrets are uniform over the 62 symbols (rejection sampling, no modulo bias). */
class SecretGenerationTest {

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    /** Chi-square critical value for 61 degrees of freedom at 0.999 (scipy.stats.chi2.ppf(0.999, 61)). */
    private static final double CRITICAL_0_999_DF_61 = 100.888;
    private static final int SAMPLE = 620_000;

    @Test
    void randomWhenLargeSeededSampleThenChiSquareBelowCriticalValue() {
        Random random = new Random(20260301L);
        long[] counts = new long[62];
        int drawn = 0;
        while (drawn < SAMPLE) {
            String chunk = Base62.random(random, 1_000);
            for (int i = 0; i < chunk.length(); i++) {
                int index = ALPHABET.indexOf(chunk.charAt(i));
                assertThat(index).as("char %s is base62", chunk.charAt(i)).isNotNegative();
                counts[index]++;
            }
            drawn += chunk.length();
        }
        assertThat(drawn).isEqualTo(SAMPLE);
        assertThat(chiSquare(counts, SAMPLE)).isLessThan(CRITICAL_0_999_DF_61);
    }

    /** Shows the bound has teeth: the same sample size drawn with {@code byte % 62} fails it by far. */
    @Test
    void chiSquareWhenModuloBiasedSampleThenAboveCriticalValue() {
        Random random = new Random(20260301L);
        long[] counts = new long[62];
        byte[] bytes = new byte[SAMPLE];
        random.nextBytes(bytes);
        for (byte b : bytes) {
            counts[(b & 0xFF) % 62]++;
        }
        assertThat(chiSquare(counts, SAMPLE)).isGreaterThan(CRITICAL_0_999_DF_61);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 6, 16, 32, 63, 1000})
    void randomWhenLengthRequestedThenExactlyThatManyBase62Chars(int length) {
        String drawn = Base62.random(new Random(length), length);
        assertThat(drawn).hasSize(length).matches("[0-9A-Za-z]*");
    }

    @Test
    void randomIdAndSecretWhenSecureRandomThenExactLengths() {
        var random = new java.security.SecureRandom();
        assertThat(TokenFormat.randomId(random)).hasSize(16).matches("[0-9A-Za-z]{16}");
        assertThat(TokenFormat.randomSecret(random)).hasSize(32).matches("[0-9A-Za-z]{32}");
    }

    @Test
    void randomWhenSameSeedThenSameStringAndOtherSeedThenOther() {
        assertThat(Base62.random(new Random(1), 32)).isEqualTo(Base62.random(new Random(1), 32));
        assertThat(Base62.random(new Random(1), 32)).isNotEqualTo(Base62.random(new Random(2), 32));
    }

    private static double chiSquare(long[] counts, int total) {
        double expected = (double) total / counts.length;
        double sum = 0;
        for (long count : counts) {
            double diff = count - expected;
            sum += diff * diff / expected;
        }
        return sum;
    }
}
