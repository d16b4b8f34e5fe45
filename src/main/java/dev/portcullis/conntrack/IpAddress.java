package dev.portcullis.conntrack;

import java.nio.charset.StandardCharsets;

/**
 * An IPv4 or IPv6 address in canonical form: 128 bits in two longs (IPv4 in the low 32 bits of
 * {@code lo}). The compressed form {@code fd00::1} and the full-length form of /proc,
 * {@code fd00:0000:...:0001}, parse to equal values, so grouping and comparing never depend on
 * how the server printed an address. Parsing is done by hand: InetAddress is far too slow for a
 * million lines a second and may resolve names.
 */
public record IpAddress(Family family, long hi, long lo) implements Comparable<IpAddress> {

    public IpAddress {
        if (family == null) {
            throw new IllegalArgumentException("family");
        }
        if (family == Family.V4 && (hi != 0 || (lo >>> 32) != 0)) {
            throw new IllegalArgumentException("IPv4 value wider than 32 bits");
        }
    }

    /** Parses a literal address, or returns null when the text is not exactly one address. */
    public static IpAddress parse(String text) {
        if (text == null || text.length() > 64) {
            return null;
        }
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        return parse(b, 0, b.length);
    }

    /** Parses {@code b[start, end)}; null when it is not one IPv4 or IPv6 literal. */
    public static IpAddress parse(byte[] b, int start, int end) {
        for (int i = start; i < end; i++) {
            if (b[i] == ':') {
                return parseV6(b, start, end);
            }
        }
        long v4 = parseV4(b, start, end);
        return v4 < 0 ? null : new IpAddress(Family.V4, 0, v4);
    }

    /** The 32-bit value of a dotted quad, or -1. Strict: four decimal parts 0-255, no signs. */
    static long parseV4(byte[] b, int start, int end) {
        long value = 0;
        int parts = 0;
        int i = start;
        while (parts < 4) {
            int part = 0;
            int digits = 0;
            while (i < end && b[i] >= '0' && b[i] <= '9' && digits < 4) {
                part = part * 10 + (b[i] - '0');
                digits++;
                i++;
            }
            if (digits == 0 || digits > 3 || part > 255) {
                return -1;
            }
            value = (value << 8) | part;
            parts++;
            if (parts < 4) {
                if (i >= end || b[i] != '.') {
                    return -1;
                }
                i++;
            }
        }
        return i == end ? value : -1;
    }

    private static IpAddress parseV6(byte[] b, int start, int end) {
        if (end - start < 2 || end - start > 45) {
            return null;
        }
        // Groups before "::" go to head, after it to tail; "::" fills the gap with zeros.
        long headHi = 0;
        long headLo = 0;
        long tailHi = 0;
        long tailLo = 0;
        int headGroups = 0;
        int tailGroups = 0;
        boolean gap = false;
        int i = start;
        if (b[i] == ':') {
            if (b[i + 1] != ':') {
                return null;
            }
            gap = true;
            i += 2;
        }
        while (i < end) {
            int groupStart = i;
            int group = 0;
            while (i < end && i - groupStart < 5) {
                int d = hexDigit(b[i]);
                if (d < 0) {
                    break;
                }
                group = (group << 4) | d;
                i++;
            }
            int digits = i - groupStart;
            long value;
            int width;
            if (i < end && b[i] == '.') {
                // Embedded IPv4 tail, e.g. ::ffff:198.18.0.1: counts as two groups.
                long v4 = parseV4(b, groupStart, end);
                if (v4 < 0) {
                    return null;
                }
                value = v4;
                width = 2;
                i = end;
            } else {
                if (digits == 0 || digits > 4) {
                    return null;
                }
                value = group;
                width = 1;
            }
            if (gap) {
                tailHi = shiftHi(tailHi, tailLo, width);
                tailLo = (tailLo << (16 * width)) | value;
                tailGroups += width;
            } else {
                headHi = shiftHi(headHi, headLo, width);
                headLo = (headLo << (16 * width)) | value;
                headGroups += width;
            }
            if (headGroups + tailGroups > 8) {
                return null;
            }
            if (i == end) {
                break;
            }
            if (b[i] != ':') {
                return null;
            }
            i++;
            if (i < end && b[i] == ':') {
                if (gap) {
                    return null;
                }
                gap = true;
                i++;
            } else if (i == end) {
                return null; // a single trailing ':'
            }
        }
        int total = headGroups + tailGroups;
        if (gap ? total > 7 : total != 8) {
            return null;
        }
        // Move head to the top: shift left by the groups that follow it.
        int shift = 8 - headGroups;
        for (int k = 0; k < shift; k++) {
            headHi = shiftHi(headHi, headLo, 1);
            headLo <<= 16;
        }
        return new IpAddress(Family.V6, headHi | tailHi, headLo | tailLo);
    }

    private static long shiftHi(long hi, long lo, int groups) {
        int bits = 16 * groups;
        return (hi << bits) | (lo >>> (64 - bits));
    }

    private static int hexDigit(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** This address with all but the first {@code bits} bits cleared (bits clamped to the family). */
    public IpAddress masked(int bits) {
        int width = family.bits();
        int keep = Math.max(0, Math.min(bits, width));
        if (keep == width) {
            return this;
        }
        if (family == Family.V4) {
            long mask = keep == 0 ? 0 : (0xFFFF_FFFFL << (32 - keep)) & 0xFFFF_FFFFL;
            return new IpAddress(family, 0, lo & mask);
        }
        long hiMask = keep >= 64 ? -1L : keep == 0 ? 0 : -1L << (64 - keep);
        long loMask = keep <= 64 ? 0 : -1L << (128 - keep);
        return new IpAddress(family, hi & hiMask, lo & loMask);
    }

    /** Explicit and cheap: addresses are hash keys once per connection per poll. */
    @Override
    public int hashCode() {
        long h = (hi * 0x9E37_79B9_7F4A_7C15L) ^ lo ^ family.ordinal();
        return (int) (h ^ (h >>> 32));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpAddress a && a.lo == lo && a.hi == hi && a.family == family;
    }

    @Override
    public int compareTo(IpAddress o) {
        int c = family.compareTo(o.family);
        if (c == 0) {
            c = Long.compareUnsigned(hi, o.hi);
        }
        return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
    }

    /** Dotted quad, or RFC 5952 text (lower case, longest zero run of two or more groups as "::"). */
    @Override
    public String toString() {
        if (family == Family.V4) {
            return (lo >>> 24) + "." + ((lo >>> 16) & 0xFF) + "." + ((lo >>> 8) & 0xFF) + "." + (lo & 0xFF);
        }
        int[] groups = new int[8];
        for (int k = 0; k < 4; k++) {
            groups[k] = (int) ((hi >>> (48 - 16 * k)) & 0xFFFF);
            groups[k + 4] = (int) ((lo >>> (48 - 16 * k)) & 0xFFFF);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int k = 0; k < 8; ) {
            if (groups[k] != 0) {
                k++;
                continue;
            }
            int run = k;
            while (run < 8 && groups[run] == 0) {
                run++;
            }
            if (run - k > bestLen) {
                bestStart = k;
                bestLen = run - k;
            }
            k = run;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int k = 0; k < 8; k++) {
            if (k == bestStart) {
                sb.append("::");
                k += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[k]));
        }
        return sb.toString();
    }
}
