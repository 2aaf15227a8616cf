package dev.klink.tokens.spi;

import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The client addresses a token may be used from: up to {@value #MAX_RANGES} CIDR ranges, IPv4 ({@code 10.0.0.0/8})
 * or IPv6 ({@code 2001:db8::/32}); a bare address is a range of one ({@code /32} or {@code /128}). Empty means any
 * address. Parsed once, when the list is built, so that a check costs a few long comparisons per range.
 *
 * <p>Only address literals are read, strictly: four decimal octets without leading zeros for IPv4, RFC 4291 text
 * for IPv6 (with an optional dotted IPv4 tail). Nothing is ever resolved through DNS. An IPv4 address and its
 * IPv4-mapped IPv6 form ({@code ::ffff:10.1.2.3}) are the same address, so either matches a range written either way.
 *
 * <p>Immutable; {@link #ranges()} are the normalized ranges in the order first given, without duplicates.
 */
public final class IpAllowlist {

    /** The most ranges one list may hold. */
    public static final int MAX_RANGES = 20;

    private static final IpAllowlist ANY = new IpAllowlist(List.of(), new long[0]);
    /** The upper 64 bits of an IPv4-mapped IPv6 address are zero; the lower hold {@code 0000:ffff:a.b.c.d}. */
    private static final long MAPPED_IPV4 = 0x0000_ffff_0000_0000L;

    private final List<String> ranges;
    /** Four longs per range: network high and low 64 bits, mask high and low 64 bits. */
    private final long[] networks;

    private IpAllowlist(List<String> ranges, long[] networks) {
        this.ranges = ranges;
        this.networks = networks;
    }

    /** The empty list: any address. */
    public static IpAllowlist any() {
        return ANY;
    }

    /**
     * The list of these ranges, each trimmed and normalized ({@code 10.0.0.1} becomes {@code 10.0.0.1/32},
     * {@code 2001:DB8:0::/32} becomes {@code 2001:db8::/32}); an empty collection is {@link #any()}.
     *
     * @throws IllegalArgumentException naming the first entry that is not a CIDR range (or has bits set beyond its
     *         prefix, as {@code 10.1.0.0/8}), or when there are more than {@value #MAX_RANGES} entries
     */
    public static IpAllowlist of(Collection<? extends @Nullable String> ranges) {
        if (ranges.size() > MAX_RANGES) {
            throw new IllegalArgumentException("At most " + MAX_RANGES + " IP ranges are allowed, was "
                    + ranges.size());
        }
        if (ranges.isEmpty()) {
            return ANY;
        }
        Map<String, long[]> parsed = new LinkedHashMap<>();
        for (String range : ranges) {
            if (range == null) {
                throw new IllegalArgumentException("An IP range must not be null");
            }
            long[] network = new long[4];
            String normalized = parseRange(range.strip(), network);
            parsed.putIfAbsent(normalized, network);
        }
        long[] networks = new long[parsed.size() * 4];
        int i = 0;
        for (long[] network : parsed.values()) {
            System.arraycopy(network, 0, networks, i, 4);
            i += 4;
        }
        return new IpAllowlist(List.copyOf(parsed.keySet()), networks);
    }

    /** The normalized ranges; empty for any address. */
    public List<String> ranges() {
        return ranges;
    }

    /** Whether this list allows any address (holds no range). */
    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /**
     * Whether a request from {@code clientAddress} may use the token. Always true for the empty list; otherwise
     * false for a {@code null} or unparseable address (fail closed). Accepts the forms containers give:
     * {@code 10.1.2.3}, {@code 0:0:0:0:0:0:0:1}, {@code [::1]}, {@code fe80::1%eth0} (the zone is ignored).
     */
    public boolean allows(@Nullable String clientAddress) {
        if (networks.length == 0) {
            return true;
        }
        if (clientAddress == null) {
            return false;
        }
        int from = 0;
        int to = clientAddress.length();
        if (to >= 2 && clientAddress.charAt(0) == '[' && clientAddress.charAt(to - 1) == ']') {
            from = 1;
            to--;
        }
        int zone = clientAddress.indexOf('%', from);
        if (zone >= 0 && zone < to) {
            to = zone;
        }
        long[] address = new long[2];
        if (parseAddress(clientAddress, from, to, address) == 0) {
            return false;
        }
        for (int i = 0; i < networks.length; i += 4) {
            if ((address[0] & networks[i + 2]) == networks[i] && (address[1] & networks[i + 3]) == networks[i + 1]) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpAllowlist that && ranges.equals(that.ranges);
    }

    @Override
    public int hashCode() {
        return ranges.hashCode();
    }

    /** The normalized ranges, as {@code [10.0.0.0/8, 2001:db8::/32]}. */
    @Override
    public String toString() {
        return ranges.toString();
    }

    // ---------------------------------------------------------------- parsing

    /** Parses {@code text} into {@code network} (high, low, mask high, mask low) and returns its normal form. */
    private static String parseRange(String text, long[] network) {
        int slash = text.indexOf('/');
        int end = slash < 0 ? text.length() : slash;
        int family = parseAddress(text, 0, end, network);
        if (family == 0) {
            throw new IllegalArgumentException("'" + printable(text) + "' is not an IPv4 or IPv6 address or CIDR"
                    + " range");
        }
        int maxBits = family == 4 ? 32 : 128;
        int bits = slash < 0 ? maxBits : parsePrefixLength(text, slash + 1, maxBits);
        int mappedBits = family == 4 ? bits + 96 : bits;
        network[2] = mappedBits >= 64 ? -1L : mappedBits == 0 ? 0 : -1L << (64 - mappedBits);
        network[3] = mappedBits <= 64 ? 0 : mappedBits == 128 ? -1L : -1L << (128 - mappedBits);
        long high = network[0] & network[2];
        long low = network[1] & network[3];
        if (high != network[0] || low != network[1]) {
            throw new IllegalArgumentException("'" + printable(text) + "' has bits set beyond its /" + bits
                    + " prefix; the range is " + format(family, high, low) + "/" + bits);
        }
        return format(family, high, low) + "/" + bits;
    }

    private static int parsePrefixLength(String text, int from, int maxBits) {
        int length = text.length() - from;
        if (length < 1 || length > 3 || (length > 1 && text.charAt(from) == '0')) {
            throw new IllegalArgumentException("'" + printable(text) + "' has no valid prefix length (0 to "
                    + maxBits + ")");
        }
        int bits = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("'" + printable(text) + "' has no valid prefix length (0 to "
                        + maxBits + ")");
            }
            bits = bits * 10 + (c - '0');
        }
        if (bits > maxBits) {
            throw new IllegalArgumentException("'" + printable(text) + "' has a prefix longer than " + maxBits
                    + " bits");
        }
        return bits;
    }

    /**
     * Parses the address literal in {@code text[from, to)} into {@code out} (high and low 64 bits, IPv4 as its
     * IPv4-mapped IPv6 form) and returns 4 or 6 for its family, or 0 when it is not an address literal.
     */
    static int parseAddress(String text, int from, int to, long[] out) {
        if (to - from < 2) {
            return 0;
        }
        if (text.indexOf(':', from) < 0 || text.indexOf(':', from) >= to) {
            long v4 = parseIpv4(text, from, to);
            if (v4 < 0) {
                return 0;
            }
            out[0] = 0;
            out[1] = MAPPED_IPV4 | v4;
            return 4;
        }
        return parseIpv6(text, from, to, out) ? 6 : 0;
    }

    /** A strict dotted quad (no leading zeros, no shorthand) as an unsigned 32-bit value, or -1. */
    private static long parseIpv4(String text, int from, int to) {
        long value = 0;
        int octets = 0;
        int i = from;
        while (true) {
            int start = i;
            int octet = 0;
            while (i < to && i - start < 4) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    break;
                }
                octet = octet * 10 + (c - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || digits > 3 || octet > 255 || (digits > 1 && text.charAt(start) == '0')) {
                return -1;
            }
            value = (value << 8) | octet;
            octets++;
            if (i == to) {
                return octets == 4 ? value : -1;
            }
            if (octets == 4 || text.charAt(i) != '.') {
                return -1;
            }
            i++;
        }
    }

    /** RFC 4291 text: eight groups of 1 to 4 hex digits, at most one {@code ::}, an optional dotted IPv4 tail. */
    private static boolean parseIpv6(String text, int from, int to, long[] out) {
        int[] words = new int[8];
        int count = 0;
        int gap = -1;
        int i = from;
        if (text.startsWith("::", i)) {
            gap = 0;
            i += 2;
            if (i == to) {
                out[0] = 0;
                out[1] = 0;
                return true;
            }
        } else if (text.charAt(i) == ':') {
            return false;
        }
        while (true) {
            if (count == 8) {
                return false;
            }
            int start = i;
            int word = 0;
            while (i < to && i - start < 5) {
                char c = text.charAt(i);
                if (!HexFormat.isHexDigit(c)) { // ASCII only: never a digit of another script
                    break;
                }
                word = (word << 4) | HexFormat.fromHexDigit(c);
                i++;
            }
            if (i < to && text.charAt(i) == '.') {
                // a dotted IPv4 tail: the last 32 bits
                if (count > 6) {
                    return false;
                }
                long v4 = parseIpv4(text, start, to);
                if (v4 < 0) {
                    return false;
                }
                words[count++] = (int) (v4 >>> 16);
                words[count++] = (int) (v4 & 0xffff);
                break;
            }
            int digits = i - start;
            if (digits == 0 || digits > 4) {
                return false;
            }
            words[count++] = word;
            if (i == to) {
                break;
            }
            if (text.charAt(i) != ':') {
                return false;
            }
            i++;
            if (i < to && text.charAt(i) == ':') {
                if (gap >= 0) {
                    return false;
                }
                gap = count;
                i++;
                if (i == to) {
                    break;
                }
            } else if (i == to) {
                return false;
            }
        }
        if (gap < 0 ? count != 8 : count > 7) {
            return false;
        }
        if (gap >= 0) {
            int shift = 8 - count;
            for (int w = count - 1; w >= gap; w--) {
                words[w + shift] = words[w];
            }
            for (int w = gap; w < gap + shift; w++) {
                words[w] = 0;
            }
        }
        out[0] = ((long) words[0] << 48) | ((long) words[1] << 32) | ((long) words[2] << 16) | words[3];
        out[1] = ((long) words[4] << 48) | ((long) words[5] << 32) | ((long) words[6] << 16) | words[7];
        return true;
    }

    // ---------------------------------------------------------------- formatting

    /** IPv4 as a dotted quad; IPv6 as RFC 5952 text (lower case, longest zero run as {@code ::}, mapped dotted). */
    private static String format(int family, long high, long low) {
        if (family == 4) {
            return dotted(low);
        }
        if (high == 0 && (low >>> 32) == 0xffff) {
            return "::ffff:" + dotted(low);
        }
        int[] words = new int[8];
        for (int w = 0; w < 4; w++) {
            words[w] = (int) (high >>> (48 - 16 * w)) & 0xffff;
            words[w + 4] = (int) (low >>> (48 - 16 * w)) & 0xffff;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int w = 0; w < 8; ) {
            if (words[w] != 0) {
                w++;
                continue;
            }
            int start = w;
            while (w < 8 && words[w] == 0) {
                w++;
            }
            if (w - start > bestLength) {
                bestStart = start;
                bestLength = w - start;
            }
        }
        StringBuilder text = new StringBuilder(39);
        for (int w = 0; w < 8; w++) {
            if (w == bestStart) {
                text.append("::");
                w += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(words[w]));
        }
        return text.toString();
    }

    private static String dotted(long low) {
        return ((low >>> 24) & 0xff) + "." + ((low >>> 16) & 0xff) + "." + ((low >>> 8) & 0xff) + "." + (low & 0xff);
    }

    /** The entry as it may appear in a message: at most 60 characters, control characters replaced. */
    private static String printable(String text) {
        String shortened = text.length() > 60 ? text.substring(0, 60) + "\u2026" : text;
        StringBuilder printable = new StringBuilder(shortened.length());
        for (int i = 0; i < shortened.length(); i++) {
            char c = shortened.charAt(i);
            printable.append(Character.isISOControl(c) ? '\uFFFD' : c);
        }
        return printable.toString();
    }
}
