package dev.klink.tokens.spi;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Jazzer fuzz tests of the CIDR parser. {@code mvn test} replays the inputs under
 * {@code src/test/resources/dev/klink/tokens/spi/IpAllowlistFuzzTestInputs/<method>/}; real fuzzing:
 * {@code JAZZER_FUZZ=1 mvn test -pl klink-tokens-core -Dtest='IpAllowlistFuzzTest#allowsNeverThrows'}.
 */
class IpAllowlistFuzzTest {

    /**
     * Any string is refused with {@link IllegalArgumentException} or read as a range whose normal form reads back to
     * itself, names the same address as the JDK reads from it, and allows its own network address.
     */
    @FuzzTest
    void parseNeverThrowsButIllegalArgumentAndRoundTrips(byte[] input) throws UnknownHostException {
        String text = new String(input, StandardCharsets.UTF_8);
        IpAllowlist list;
        try {
            list = IpAllowlist.of(List.of(text));
        } catch (IllegalArgumentException refused) {
            return;
        }
        String range = list.ranges().get(0);
        assertThat(IpAllowlist.of(List.of(range)).ranges()).containsExactly(range);
        String network = range.substring(0, range.indexOf('/'));
        assertThat(list.allows(network)).isTrue();
        String address = text.strip();
        int slash = address.indexOf('/');
        String given = slash < 0 ? address : address.substring(0, slash);
        // only literals reach InetAddress here, so it never resolves a name
        if (slash < 0) {
            assertThat(InetAddress.getByName(network).getAddress()).isEqualTo(InetAddress.getByName(given)
                    .getAddress());
        }
    }

    /** Any client address is allowed or not, never an exception; the empty list allows everything. */
    @FuzzTest
    void allowsNeverThrows(byte[] input) {
        String client = new String(input, StandardCharsets.UTF_8);
        IpAllowlist.of(List.of("10.0.0.0/8", "2001:db8::/32", "::ffff:0:0/96")).allows(client);
        assertThat(IpAllowlist.any().allows(client)).isTrue();
    }
}
