package dev.klink.tokens.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing, normalization and matching of CIDR ranges, checked against the JDK's own reading of address literals. */
class IpAllowlistTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "10.0.0.0/8|10.0.0.0/8",
        "10.1.2.3|10.1.2.3/32",
        "0.0.0.0/0|0.0.0.0/0",
        "255.255.255.255/32|255.255.255.255/32",
        "2001:DB8:0:0::/32|2001:db8::/32",
        "2001:0db8:0000:0000:0000:0000:0000:0001|2001:db8::1/128",
        "::|::/128",
        "::/0|::/0",
        "::1|::1/128",
        "1::|1::/128",
        "2001:db8:0:1:1:1:1:1|2001:db8:0:1:1:1:1:1/128",
        "2001:0:0:1:0:0:0:1|2001:0:0:1::1/128",
        "2001:db8:0:0:1:0:0:1|2001:db8::1:0:0:1/128",
        "fe80::/10|fe80::/10",
        "::ffff:10.0.0.0/104|::ffff:10.0.0.0/104",
        "::FFFF:a01:203|::ffff:10.1.2.3/128",
        "1:2:3:4:5:6:1.2.3.4|1:2:3:4:5:6:102:304/128",
        "::1.2.3.4|::102:304/128"})
    void ofWhenValidThenNormalized(String given, String normalized) {
        assertThat(IpAllowlist.of(List.of(given)).ranges()).containsExactly(normalized);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "/8", "10", "10.0.0", "10.0.0.0.0", "10.0.0.256", "010.0.0.0", "10.00.0.0",
        "1e1.0.0.0", "+1.0.0.0", "10.0.0.0/", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/08", "10.0.0.0/1a",
        "10.0.0.0/8/8", "10.1.0.0/8", "0x0a.0.0.0", "localhost", "example.com", ":", ":::", "1:2", "1::2::3",
        ":1::", "1::2:", "12345::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8", "g::",
        "::/129", "2001:db9::/31", "fe80::1%eth0", "[::1]", "::ffff:10.0.0.256", "1.2.3.4::", "::1.2.3",
        "1:2:3:4:5:6:7:1.2.3.4", "\u0661.0.0.0", "\uff11::"})
    void ofWhenMalformedThenIllegalArgumentQuotingTheEntry(String given) {
        assertThatThrownBy(() -> IpAllowlist.of(List.of(given))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + given.strip() + "'");
    }

    @Test
    void ofWhenMoreThanTwentyThenRefusedAndTwentyAccepted() {
        String[] ranges = new String[21];
        for (int i = 0; i < ranges.length; i++) {
            ranges[i] = "192.0.2." + i;
        }
        assertThatThrownBy(() -> IpAllowlist.of(Arrays.asList(ranges)))
                .hasMessage("At most 20 IP ranges are allowed, was 21");
        assertThat(IpAllowlist.of(Arrays.asList(ranges).subList(0, 20)).ranges()).hasSize(20);
    }

    @Test
    void ofWhenNullEntryThenRefused() {
        assertThatThrownBy(() -> IpAllowlist.of(Arrays.asList("10.0.0.0/8", null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("An IP range must not be null");
    }

    @Test
    void ofWhenEmptyThenAnyWhichAllowsEverythingEvenNoAddress() {
        IpAllowlist any = IpAllowlist.of(List.of());

        assertThat(any).isSameAs(IpAllowlist.any());
        assertThat(any.isEmpty()).isTrue();
        assertThat(any.allows(null)).isTrue();
        assertThat(any.allows("garbage")).isTrue();
    }

    @Test
    void ofWhenDuplicatesThenKeptOnceInFirstOrder() {
        IpAllowlist list = IpAllowlist.of(List.of("10.0.0.1", "2001:db8::/32", "10.0.0.1/32", "2001:DB8::/32"));

        assertThat(list.ranges()).containsExactly("10.0.0.1/32", "2001:db8::/32");
        assertThat(list).isEqualTo(IpAllowlist.of(List.of("10.0.0.1/32", "2001:db8:0::/32")))
                .hasSameHashCodeAs(IpAllowlist.of(List.of("10.0.0.1/32", "2001:db8:0::/32")))
                .hasToString("[10.0.0.1/32, 2001:db8::/32]");
    }

    @ParameterizedTest
    @CsvSource({
        "10.0.0.0/8, 10.0.0.0, true", "10.0.0.0/8, 10.255.255.255, true", "10.0.0.0/8, 11.0.0.0, false",
        "10.0.0.0/8, 9.255.255.255, false", "192.0.2.128/25, 192.0.2.128, true", "192.0.2.128/25, 192.0.2.127, false",
        "192.0.2.7, 192.0.2.7, true", "192.0.2.7, 192.0.2.6, false", "0.0.0.0/0, 203.0.113.1, true",
        "0.0.0.0/0, 2001:db8::1, false", "0.0.0.0/0, ::ffff:203.0.113.1, true", "::/0, 203.0.113.1, true",
        "::/0, 2001:db8::1, true", "2001:db8::/32, 2001:db8:ffff:ffff:ffff:ffff:ffff:ffff, true",
        "2001:db8::/32, 2001:db9::, false", "2001:db8::/33, 2001:db8:8000::, false",
        "2001:db8::/65, 2001:db8::7fff:ffff:ffff:ffff, true", "2001:db8::/65, 2001:db8::8000:0:0:0, false",
        "::1, 0:0:0:0:0:0:0:1, true", "::1, [::1], true", "::1, [0:0:0:0:0:0:0:1], true",
        "fe80::/10, fe80::1%eth0, true", "fe80::/10, fe80::1%, true", "10.0.0.0/8, ::ffff:10.1.2.3, true",
        "10.0.0.0/8, ::ffff:a01:203, true", "10.0.0.0/8, ::10.1.2.3, false", "10.0.0.0/8, 10.1.2.3%1, true",
        "::ffff:0:0/96, 8.8.8.8, true"})
    void allowsWhenAddressThenInsideOrNot(String range, String client, boolean allowed) {
        assertThat(IpAllowlist.of(List.of(range)).allows(client)).isEqualTo(allowed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "[", "]", "unknown", "localhost", "10.1.2", "010.1.2.3", "10.1.2.3:80",
        "10.1.2.3/32", "[10.1.2.3", "::1]", " 10.1.2.3", "10.1.2.3 ", "%eth0", "10.1.2.3.4"})
    void allowsWhenClientAddressNotALiteralThenFalse(String client) {
        assertThat(IpAllowlist.of(List.of("0.0.0.0/0", "::/0")).allows(client)).isFalse();
        assertThat(IpAllowlist.of(List.of("0.0.0.0/0")).allows(null)).isFalse();
    }

    /** Random addresses, written by the JDK, are read to the same 128 bits the JDK holds. */
    @Test
    void parseAddressWhenJdkFormattedThenSameBitsAsJdk() throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++) {
            byte[] bytes = new byte[i % 2 == 0 ? 4 : 16];
            random.nextBytes(bytes);
            if (bytes.length == 16 && i % 7 == 1) {
                Arrays.fill(bytes, 4, 4 + random.nextInt(12), (byte) 0);
            }
            InetAddress address = InetAddress.getByAddress(bytes);
            String text = address.getHostAddress();
            long[] parsed = new long[2];

            assertThat(IpAllowlist.parseAddress(text, 0, text.length(), parsed)).as(text)
                    .isEqualTo(bytes.length == 4 ? 4 : 6);
            byte[] expected = bytes.length == 16 ? bytes : mapped(bytes);
            assertThat(parsed[0]).as(text).isEqualTo(toLong(expected, 0));
            assertThat(parsed[1]).as(text).isEqualTo(toLong(expected, 8));
            String prefix = bytes.length == 4 ? "/32" : "/128";
            IpAllowlist one = IpAllowlist.of(List.of(text));
            assertThat(one.allows(text)).as(text).isTrue();
            // the normal form reads back to the same range
            assertThat(IpAllowlist.of(one.ranges()).ranges()).as(text).containsExactlyElementsOf(one.ranges());
            assertThat(one.ranges().get(0)).endsWith(prefix);
            String normal = one.ranges().get(0).substring(0, one.ranges().get(0).length() - prefix.length());
            assertThat(InetAddress.getByName(normal).getAddress()).as(text).isEqualTo(
                    InetAddress.getByName(text).getAddress());
        }
    }

    private static byte[] mapped(byte[] v4) {
        byte[] v6 = new byte[16];
        v6[10] = (byte) 0xff;
        v6[11] = (byte) 0xff;
        System.arraycopy(v4, 0, v6, 12, 4);
        return v6;
    }

    private static long toLong(byte[] bytes, int from) {
        long value = 0;
        for (int i = from; i < from + 8; i++) {
            value = (value << 8) | (bytes[i] & 0xff);
        }
        return value;
    }
}
