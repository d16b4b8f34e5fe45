package dev.portcullis.model;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.regex.Pattern;

/**
 * A client network in canonical form: the network address (host bits zero) and its prefix, IPv4
 * dotted, IPv6 as RFC 5952 (lower case, longest run of zero groups compressed). The form the
 * script's limits.conf holds, so the same networks always give the same bytes.
 */
public record Network(byte[] address, int prefix) implements Comparable<Network> {

    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:]{2,39}");
    private static final Pattern PREFIX = Pattern.compile("0|[1-9]\\d{0,2}");

    /** IPv4 before IPv6, then by address, then by prefix. */
    public static final Comparator<Network> ORDER = Comparator.<Network>comparingInt(n -> n.address.length)
            .thenComparing(Network::address, Arrays::compareUnsigned)
            .thenComparingInt(Network::prefix);

    public Network {
        address = address.clone();
        if ((address.length != 4 && address.length != 16) || prefix < 0 || prefix > address.length * 8) {
            throw new IllegalArgumentException("not an IPv4 or IPv6 network: " + address.length + " bytes, /" + prefix);
        }
    }

    /**
     * Parses {@code ADDRESS} or {@code ADDRESS/PREFIX}; without a prefix the network is the one address.
     * Host bits are cleared: 198.18.5.7/24 is 198.18.5.0/24.
     *
     * @throws ValidationException naming the value
     */
    public static Network parse(String text) {
        String value = text == null ? "" : text.strip();
        int slash = value.indexOf('/');
        String host = slash < 0 ? value : value.substring(0, slash);
        byte[] bytes = literal(host);
        int bits = bytes == null ? 0 : bytes.length * 8;
        int prefix = bits;
        if (bytes != null && slash >= 0) {
            String p = value.substring(slash + 1);
            prefix = PREFIX.matcher(p).matches() ? Integer.parseInt(p) : -1;
        }
        if (bytes == null || prefix < 0 || prefix > bits) {
            throw new ValidationException(ValidationException.Field.NETWORK, text,
                    "an IPv4 or IPv6 address, optionally with a prefix (198.51.100.0/24, 2001:db8::/48)");
        }
        for (int i = 0; i < bytes.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            bytes[i] &= (byte) (0xff << (8 - keep));
        }
        return new Network(bytes, prefix);
    }

    private static byte[] literal(String host) {
        boolean v4 = IPV4.matcher(host).matches();
        if (!v4 && !(host.contains(":") && IPV6.matcher(host).matches())) {
            return null;
        }
        try {
            // A literal only (checked above): no name is ever resolved.
            InetAddress a = InetAddress.getByName(host);
            if (v4 ? !(a instanceof Inet4Address) : !(a instanceof Inet6Address)) {
                return null;
            }
            return a.getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    public boolean isIpv6() {
        return address.length == 16;
    }

    @Override
    public byte[] address() {
        return address.clone();
    }

    @Override
    public int compareTo(Network other) {
        return ORDER.compare(this, other);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Network n && prefix == n.prefix && Arrays.equals(address, n.address);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(address) + prefix;
    }

    /** The canonical text, always with its prefix. */
    @Override
    public String toString() {
        return (isIpv6() ? ipv6Text() : ipv4Text()) + "/" + prefix;
    }

    private String ipv4Text() {
        return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "." + (address[3] & 0xff);
    }

    /** RFC 5952: lower-case hex without leading zeros, the longest run (two or more) of zero groups as "::". */
    private String ipv6Text() {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }
}
