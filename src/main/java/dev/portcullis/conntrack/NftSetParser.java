package dev.portcullis.conntrack;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the members of a devices entry's set from {@code nft list set inet portcullis dev_PORT_PROTO}
 * (text) or {@code nft -j list set ...} (JSON). Each element is {@code ipv4 . 0x<32 hex digits>} or
 * {@code ipv6 . 0x...}: the family, then the 128 raw key bits the script's rules store (for IPv4 the
 * masked source address in the top 32 bits, for IPv6 the source masked to the prefix), followed by
 * {@code expires 1m59s948ms} (text) or {@code "expires": 119} (JSON, whole seconds).
 */
public final class NftSetParser {

    private static final Pattern KEY = Pattern.compile("\"?(ipv4|ipv6)\"?\\s*[.,]\\s*\"?0x([0-9a-fA-F]{1,32})\\b");
    private static final Pattern TEXT_EXPIRES = Pattern.compile("\\bexpires ((?:\\d+(?:ms|d|h|m|s))+)");
    private static final Pattern JSON_EXPIRES = Pattern.compile("\"expires\":\\s*(\\d+)");
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|d|h|m|s)");

    private NftSetParser() {
    }

    /** Members with the default grouping (IPv4 /32, IPv6 /64). */
    public static List<DeviceMember> parse(String listing) {
        return parse(listing, 32, 64);
    }

    /**
     * @param v4Mask   the entry's IPv4 mask (how many bits of an IPv4 member are the group)
     * @param v6Prefix the entry's IPv6 prefix
     */
    public static List<DeviceMember> parse(String listing, int v4Mask, int v6Prefix) {
        List<DeviceMember> members = new ArrayList<>();
        Matcher key = KEY.matcher(listing);
        List<int[]> spans = new ArrayList<>();
        List<String[]> keys = new ArrayList<>();
        while (key.find()) {
            spans.add(new int[] {key.start(), key.end()});
            keys.add(new String[] {key.group(1), key.group(2)});
        }
        for (int i = 0; i < keys.size(); i++) {
            int from = spans.get(i)[1];
            int to = i + 1 < spans.size() ? spans.get(i + 1)[0] : listing.length();
            String rest = listing.substring(from, to);
            String hex = "0".repeat(32 - keys.get(i)[1].length()) + keys.get(i)[1].toLowerCase();
            long hi = Long.parseUnsignedLong(hex.substring(0, 16), 16);
            long lo = Long.parseUnsignedLong(hex.substring(16), 16);
            IpAddress address;
            int prefix;
            if (keys.get(i)[0].equals("ipv4")) {
                address = new IpAddress(Family.V4, 0, hi >>> 32).masked(v4Mask);
                prefix = v4Mask;
            } else {
                address = new IpAddress(Family.V6, hi, lo).masked(v6Prefix);
                prefix = v6Prefix;
            }
            members.add(new DeviceMember(address, prefix, expires(rest), List.of()));
        }
        return members;
    }

    /** Milliseconds left from an element's tail; -1 when it shows none. */
    private static long expires(String tail) {
        Matcher json = JSON_EXPIRES.matcher(tail);
        if (json.find()) {
            return Long.parseLong(json.group(1)) * 1000;
        }
        Matcher text = TEXT_EXPIRES.matcher(tail);
        if (!text.find()) {
            return -1;
        }
        return durationMillis(text.group(1));
    }

    /** nft's durations: "2m", "1m59s948ms", "1d2h". */
    static long durationMillis(String text) {
        long total = 0;
        Matcher part = DURATION_PART.matcher(text);
        while (part.find()) {
            long n = Long.parseLong(part.group(1));
            total += switch (part.group(2)) {
                case "d" -> n * 86_400_000L;
                case "h" -> n * 3_600_000L;
                case "m" -> n * 60_000L;
                case "s" -> n * 1_000L;
                default -> n;
            };
        }
        return total;
    }
}
