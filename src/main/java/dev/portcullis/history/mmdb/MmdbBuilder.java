package dev.portcullis.history.mmdb;

import dev.portcullis.conntrack.Family;
import dev.portcullis.conntrack.IpAddress;
import dev.portcullis.model.ValidationException;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a MaxMind DB file (format 2.0, <a href="https://maxmind.github.io/MaxMind-DB/">specification</a>)
 * that any MaxMind reader opens: one IPv6 search tree holding IPv4 under {@code ::/96} (and
 * {@code ::ffff:0:0/96} aliased to it, as MaxMind's own databases do), address ranges split into
 * the fewest CIDR blocks, equal records stored once and repeated strings (map keys, names) as
 * pointers, the smallest record size (24, 28 or 32 bits) that fits.
 *
 * <p>Records are maps; values are {@code String}, non-negative {@code Integer}/{@code Long}
 * (uint32, or uint64 when wider), {@code Map} with string keys and {@code List}. Networks must not
 * overlap: an overlap is refused naming the range.
 */
public final class MmdbBuilder {

    private static final byte[] METADATA_MARKER = {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF,
        'M', 'a', 'x', 'M', 'i', 'n', 'd', '.', 'c', 'o', 'm'};
    private static final int DATA_SEPARATOR = 16;
    private static final int BITS = 128;
    private static final int IPV4_DEPTH = 96;
    /** ::ffff:0:0/96, the IPv4-mapped addresses. */
    private static final BigInteger IPV4_MAPPED = BigInteger.valueOf(0xFFFFL).shiftLeft(32);
    private static final BigInteger LOW_64_BITS = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private final String databaseType;
    private final String description;
    private final long buildEpoch;

    // The tree: node i has children left[i] and right[i]; 0 is empty (the root, node 0, is never a
    // child), > 0 another node, < 0 the record -(value + 1).
    private int[] left = new int[1024];
    private int[] right = new int[1024];
    private int nodeCount = 1;
    private final Map<Map<String, ?>, Integer> recordIds = new HashMap<>();
    private final List<Map<String, ?>> records = new ArrayList<>();
    private int forcedRecordSize;

    /**
     * @param databaseType the metadata's {@code database_type}, e.g. "GeoLite2-ASN"
     * @param description  the metadata's English description
     * @param buildEpoch   the metadata's {@code build_epoch}, seconds since 1970
     */
    public MmdbBuilder(String databaseType, String description, long buildEpoch) {
        this.databaseType = databaseType;
        this.description = description;
        this.buildEpoch = buildEpoch;
    }

    /** Forces the record size (24, 28 or 32) instead of the smallest that fits: for tests of each layout. */
    MmdbBuilder recordSize(int bits) {
        if (bits != 24 && bits != 28 && bits != 32) {
            throw new IllegalArgumentException("record size " + bits);
        }
        forcedRecordSize = bits;
        return this;
    }

    /**
     * Adds the inclusive range {@code first}-{@code last} (both IPv4 or both IPv6) with its record.
     *
     * @return the number of CIDR blocks the range was split into
     * @throws ValidationException naming the range when it is reversed, mixes families, or overlaps
     *                             a network added before
     */
    public int addRange(IpAddress first, IpAddress last, Map<String, ?> record) {
        String range = first + "-" + last;
        if (first.family() != last.family() || first.compareTo(last) > 0) {
            throw new ValidationException("network", range, "a range from a lower to a higher address of one family");
        }
        BigInteger start = key(first);
        BigInteger end = key(last);
        if (first.family() == Family.V6 && start.compareTo(BigInteger.ONE.shiftLeft(32)) < 0) {
            throw new ValidationException("network", range, "an IPv6 range outside ::/96 (where IPv4 lives)");
        }
        int id = recordIds.computeIfAbsent(new LinkedHashMap<>(record), r -> {
            records.add(r);
            return records.size() - 1;
        });
        int blocks = 0;
        while (start.compareTo(end) <= 0) {
            int aligned = start.signum() == 0 ? BITS : start.getLowestSetBit();
            int fits = end.subtract(start).add(BigInteger.ONE).bitLength() - 1;
            int size = Math.min(aligned, fits);
            insert(start, BITS - size, id, range);
            blocks++;
            start = start.add(BigInteger.ONE.shiftLeft(size));
        }
        return blocks;
    }

    /** The address as its place in the 128-bit tree: IPv4 a.b.c.d is ::a.b.c.d. */
    private static BigInteger key(IpAddress ip) {
        return BigInteger.valueOf(ip.hi()).and(LOW_64_BITS).shiftLeft(64).or(BigInteger.valueOf(ip.lo()).and(LOW_64_BITS));
    }

    /** Puts one CIDR block in the tree; prefix is at least 1 (IPv4 is under ::/96, IPv6 starts above it). */
    private void insert(BigInteger network, int prefix, int record, String range) {
        int node = 0;
        for (int depth = 0; depth < prefix; depth++) {
            boolean one = network.testBit(BITS - 1 - depth);
            int child = one ? right[node] : left[node];
            if (depth == prefix - 1) {
                if (child != 0) {
                    throw overlap(range);
                }
                set(node, one, -(record + 1));
            } else {
                if (child < 0) {
                    throw overlap(range);
                }
                if (child == 0) {
                    child = newNode();
                    set(node, one, child);
                }
                node = child;
            }
        }
    }

    private static ValidationException overlap(String range) {
        return new ValidationException("network", range, "a range that overlaps no other");
    }

    private int newNode() {
        if (nodeCount == left.length) {
            left = Arrays.copyOf(left, nodeCount * 2);
            right = Arrays.copyOf(right, nodeCount * 2);
        }
        return nodeCount++;
    }

    private void set(int node, boolean one, int value) {
        if (one) {
            right[node] = value;
        } else {
            left[node] = value;
        }
    }

    /**
     * Points ::ffff:0:0/96 at the IPv4 subtree, unless there is no IPv4 data or the IPv6 data
     * already covers part of it.
     */
    private void aliasIpv4Mapped() {
        int ipv4Root = 0;
        for (int depth = 0; depth < IPV4_DEPTH && ipv4Root >= 0; depth++) {
            ipv4Root = left[ipv4Root] == 0 ? -1 : left[ipv4Root];
        }
        if (ipv4Root <= 0) {
            return;
        }
        int node = 0;
        for (int depth = 0; depth < IPV4_DEPTH - 1; depth++) {
            boolean one = IPV4_MAPPED.testBit(BITS - 1 - depth);
            int child = one ? right[node] : left[node];
            if (child < 0) {
                return;
            }
            if (child == 0) {
                child = newNode();
                set(node, one, child);
            }
            node = child;
        }
        if (right[node] == 0) {
            right[node] = ipv4Root;
        }
    }

    /** Nodes in the search tree (known once {@link #write(Path)} has run: the alias adds some). */
    public int nodeCount() {
        return nodeCount;
    }

    /** Distinct records in the data section. */
    public int recordCount() {
        return records.size();
    }

    /**
     * Writes the database to {@code file}, through a temporary file beside it, so a failure never
     * leaves a half-written database behind. Call once, after the last {@link #addRange}.
     */
    public void write(Path file) throws IOException {
        aliasIpv4Mapped();
        DataSection data = new DataSection();
        int[] offsets = new int[records.size()];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = data.size();
            data.encode(records.get(i));
        }
        long largest = (long) nodeCount + DATA_SEPARATOR + data.size();
        int recordSize = forcedRecordSize != 0 ? forcedRecordSize
                : largest < 1L << 24 ? 24 : largest < 1L << 28 ? 28 : 32;
        if (largest >= 1L << recordSize) {
            throw new IOException("the database is too large for " + recordSize + "-bit records");
        }
        Path dir = file.toAbsolutePath().getParent();
        Path temp = dir.resolve(file.getFileName() + ".part");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
                byte[] node = new byte[recordSize / 4];
                for (int i = 0; i < nodeCount; i++) {
                    long l = pointer(left[i], offsets);
                    long r = pointer(right[i], offsets);
                    switch (recordSize) {
                        case 24 -> {
                            put(node, 0, l, 3);
                            put(node, 3, r, 3);
                        }
                        case 28 -> {
                            put(node, 0, l & 0xFF_FFFF, 3);
                            node[3] = (byte) (((l >>> 24) << 4) | (r >>> 24));
                            put(node, 4, r & 0xFF_FFFF, 3);
                        }
                        default -> {
                            put(node, 0, l, 4);
                            put(node, 4, r, 4);
                        }
                    }
                    out.write(node);
                }
                out.write(new byte[DATA_SEPARATOR]);
                data.writeTo(out);
                out.write(METADATA_MARKER);
                DataSection metadata = new DataSection();
                Map<String, Object> meta = new LinkedHashMap<>();
                meta.put("binary_format_major_version", new Uint16(2));
                meta.put("binary_format_minor_version", new Uint16(0));
                meta.put("build_epoch", new Uint64(buildEpoch));
                meta.put("database_type", databaseType);
                meta.put("description", Map.of("en", description));
                meta.put("ip_version", new Uint16(6));
                meta.put("languages", List.of());
                meta.put("node_count", (long) nodeCount);
                meta.put("record_size", new Uint16(recordSize));
                metadata.encode(meta);
                metadata.writeTo(out);
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** A child as the file stores it: a node number, node_count for "nothing", or past it for data. */
    private long pointer(int child, int[] offsets) {
        if (child > 0) {
            return child;
        }
        return child == 0 ? nodeCount : (long) nodeCount + DATA_SEPARATOR + offsets[-child - 1];
    }

    private static void put(byte[] to, int at, long value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            to[at + i] = (byte) (value >>> (8 * (bytes - 1 - i)));
        }
    }

    private record Uint16(int value) {
    }

    private record Uint64(long value) {
    }

    /** The data section's encoding; a string met before is written as a pointer when that is shorter. */
    private static final class DataSection {
        private static final int POINTER = 1;
        private static final int STRING = 2;
        private static final int UINT16 = 5;
        private static final int UINT32 = 6;
        private static final int MAP = 7;
        private static final int UINT64 = 9;
        private static final int ARRAY = 11;

        private final ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
        private final Map<String, Integer> strings = new HashMap<>();

        int size() {
            return out.size();
        }

        void writeTo(OutputStream to) throws IOException {
            out.writeTo(to);
        }

        void encode(Object value) {
            if (value instanceof String s) {
                string(s);
            } else if (value instanceof Uint16 u) {
                unsigned(UINT16, u.value());
            } else if (value instanceof Uint64 u) {
                unsigned(UINT64, u.value());
            } else if ((value instanceof Integer || value instanceof Long) && ((Number) value).longValue() >= 0) {
                long v = ((Number) value).longValue();
                unsigned(v > 0xFFFF_FFFFL ? UINT64 : UINT32, v);
            } else if (value instanceof Map<?, ?> m) {
                control(MAP, m.size());
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    string((String) e.getKey());
                    encode(e.getValue());
                }
            } else if (value instanceof List<?> l) {
                control(ARRAY, l.size());
                l.forEach(this::encode);
            } else {
                throw new IllegalArgumentException("cannot store " + value + " in a MaxMind database");
            }
        }

        private void string(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            Integer earlier = strings.get(s);
            if (earlier != null && pointerSize(earlier) < b.length + 1) {
                pointer(earlier);
                return;
            }
            if (earlier == null) {
                strings.put(s, out.size());
            }
            control(STRING, b.length);
            out.writeBytes(b);
        }

        private static int pointerSize(int offset) {
            return offset < 2048 ? 2 : offset < 526_336 ? 3 : offset < 134_744_064 ? 4 : 5;
        }

        private void pointer(int offset) {
            switch (pointerSize(offset)) {
                case 2 -> {
                    out.write(POINTER << 5 | offset >>> 8);
                    out.write(offset);
                }
                case 3 -> {
                    int v = offset - 2048;
                    out.write(POINTER << 5 | 1 << 3 | v >>> 16);
                    writeBytes(v, 2);
                }
                case 4 -> {
                    int v = offset - 526_336;
                    out.write(POINTER << 5 | 2 << 3 | v >>> 24);
                    writeBytes(v, 3);
                }
                default -> {
                    out.write(POINTER << 5 | 3 << 3);
                    writeBytes(offset, 4);
                }
            }
        }

        private void unsigned(int type, long v) {
            int size = (Long.SIZE - Long.numberOfLeadingZeros(v) + 7) / 8;
            control(type, size);
            writeBytes(v, size);
        }

        private void control(int type, int size) {
            int first = type <= 7 ? type << 5 : 0;
            if (size < 29) {
                out.write(first | size);
                extendedType(type);
            } else if (size < 285) {
                out.write(first | 29);
                extendedType(type);
                out.write(size - 29);
            } else if (size < 65_821) {
                out.write(first | 30);
                extendedType(type);
                writeBytes(size - 285, 2);
            } else {
                out.write(first | 31);
                extendedType(type);
                writeBytes(size - 65_821, 3);
            }
        }

        private void extendedType(int type) {
            if (type > 7) {
                out.write(type - 7);
            }
        }

        private void writeBytes(long v, int size) {
            for (int i = size - 1; i >= 0; i--) {
                out.write((int) (v >>> (8 * i)) & 0xFF);
            }
        }
    }
}
