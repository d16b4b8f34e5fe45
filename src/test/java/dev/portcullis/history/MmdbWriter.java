package dev.portcullis.history;

import dev.portcullis.conntrack.Family;
import dev.portcullis.conntrack.IpAddress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal writer of MaxMind DB files (format 2.0: IPv6 tree with IPv4 under ::/96, 32-bit
 * records), for tests that build their own small database and read it back with the real reader.
 * Networks must not overlap. Values: String, Integer/Long (uint32, or uint64 when larger), Map.
 */
public final class MmdbWriter {

    private static final byte[] METADATA_MARKER = {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF,
        'M', 'a', 'x', 'M', 'i', 'n', 'd', '.', 'c', 'o', 'm'};

    private final String databaseType;
    private final Node root = new Node();
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();

    public MmdbWriter(String databaseType) {
        this.databaseType = databaseType;
    }

    private static final class Node {
        final Object[] child = new Object[2];
    }

    private record Data(int offset) {
    }

    /** Adds a network such as {@code 198.18.0.0/16} or {@code fd00:1::/32} with its record. */
    public MmdbWriter add(String cidr, Map<String, ?> record) {
        int slash = cidr.indexOf('/');
        IpAddress ip = IpAddress.parse(cidr.substring(0, slash));
        int prefix = Integer.parseInt(cidr.substring(slash + 1));
        long hi = ip.hi();
        long lo = ip.lo();
        if (ip.family() == Family.V4) {
            prefix += 96;
        }
        Data leaf = new Data(data.size());
        encode(data, record);
        Node node = root;
        for (int i = 0; i < prefix; i++) {
            int bit = (int) ((i < 64 ? hi >>> (63 - i) : lo >>> (127 - i)) & 1);
            if (i == prefix - 1) {
                node.child[bit] = leaf;
            } else {
                if (!(node.child[bit] instanceof Node)) {
                    node.child[bit] = new Node();
                }
                node = (Node) node.child[bit];
            }
        }
        return this;
    }

    public void write(Path file) throws IOException {
        List<Node> nodes = new ArrayList<>();
        Map<Node, Integer> numbers = new IdentityHashMap<>();
        Deque<Node> queue = new ArrayDeque<>(List.of(root));
        while (!queue.isEmpty()) {
            Node n = queue.removeFirst();
            numbers.put(n, nodes.size());
            nodes.add(n);
            for (Object c : n.child) {
                if (c instanceof Node child) {
                    queue.addLast(child);
                }
            }
        }
        int count = nodes.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Node n : nodes) {
            for (Object c : n.child) {
                long value = c instanceof Node child ? numbers.get(child)
                        : c instanceof Data d ? (long) count + 16 + d.offset() : count;
                writeBytes(out, value, 4);
            }
        }
        out.write(new byte[16]);
        data.writeTo(out);
        out.write(METADATA_MARKER);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("binary_format_major_version", new U16(2));
        meta.put("binary_format_minor_version", new U16(0));
        meta.put("build_epoch", new U64(1_700_000_000L));
        meta.put("database_type", databaseType);
        meta.put("description", Map.of("en", "test database"));
        meta.put("ip_version", new U16(6));
        meta.put("languages", List.of("en"));
        meta.put("node_count", (long) count);
        meta.put("record_size", new U16(32));
        encode(out, meta);
        Files.write(file, out.toByteArray());
    }

    private record U16(int value) {
    }

    private record U64(long value) {
    }

    private static void encode(ByteArrayOutputStream out, Object value) {
        if (value instanceof String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            control(out, 2, b.length);
            out.writeBytes(b);
        } else if (value instanceof U16 u) {
            unsigned(out, 5, u.value());
        } else if (value instanceof U64 u) {
            unsigned(out, 9, u.value());
        } else if (value instanceof Number n) {
            long v = n.longValue();
            unsigned(out, v > 0xFFFF_FFFFL ? 9 : 6, v);
        } else if (value instanceof Map<?, ?> m) {
            control(out, 7, m.size());
            for (Map.Entry<?, ?> e : m.entrySet()) {
                encode(out, (String) e.getKey());
                encode(out, e.getValue());
            }
        } else if (value instanceof List<?> l) {
            control(out, 11, l.size());
            for (Object o : l) {
                encode(out, o);
            }
        } else {
            throw new IllegalArgumentException("cannot encode " + value);
        }
    }

    private static void unsigned(ByteArrayOutputStream out, int type, long v) {
        int size = 0;
        for (long x = v; x != 0; x >>>= 8) {
            size++;
        }
        control(out, type, size);
        writeBytes(out, v, size);
    }

    private static void control(ByteArrayOutputStream out, int type, int size) {
        int first = type <= 7 ? type << 5 : 0;
        if (size < 29) {
            out.write(first | size);
            extended(out, type);
        } else if (size < 29 + 256) {
            out.write(first | 29);
            extended(out, type);
            out.write(size - 29);
        } else {
            out.write(first | 30);
            extended(out, type);
            writeBytes(out, size - 285, 2);
        }
    }

    private static void extended(ByteArrayOutputStream out, int type) {
        if (type > 7) {
            out.write(type - 7);
        }
    }

    private static void writeBytes(ByteArrayOutputStream out, long v, int size) {
        for (int i = size - 1; i >= 0; i--) {
            out.write((int) (v >>> (8 * i)) & 0xFF);
        }
    }
}
