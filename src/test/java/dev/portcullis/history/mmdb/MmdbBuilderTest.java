package dev.portcullis.history.mmdb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.maxmind.db.Reader;
import dev.portcullis.conntrack.IpAddress;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each record layout, and pointers of every size, read back with the MaxMind reader. */
class MmdbBuilderTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {24, 28, 32})
    void everyRecordSizeAndEveryPointerSizeReadsBack(int recordSize) throws Exception {
        // 40,000 one-address networks in 198.18.0.0/15 whose names repeat the one before, so later
        // records point to strings beyond 2 KiB and 512 KiB into the data section (3- and 4-byte pointers).
        int count = 40_000;
        MmdbBuilder builder = new MmdbBuilder("Test-ASN", "test", 0).recordSize(recordSize);
        for (int i = 0; i < count; i++) {
            IpAddress ip = new IpAddress(dev.portcullis.conntrack.Family.V4, 0, 0xC612_0000L + i);
            builder.addRange(ip, ip, record(i));
        }
        IpAddress v6 = IpAddress.parse("fd00::1");
        builder.addRange(v6, IpAddress.parse("fd00::ffff"), Map.of("autonomous_system_number", 1L,
                "nested", Map.of("list", List.of("a", 2L)), "big", 1L << 40));
        Path file = dir.resolve("t.mmdb");
        builder.write(file);
        try (Reader reader = new Reader(file.toFile())) {
            assertEquals(recordSize, reader.getMetadata().recordSize());
            assertEquals(builder.nodeCount(), reader.getMetadata().nodeCount());
            for (int i = 0; i < count; i += 997) {
                InetAddress ip = InetAddress.getByAddress(ByteBuffer.allocate(4).putInt(0xC612_0000 + i).array());
                assertEquals(record(i), reader.get(ip, Map.class), ip.toString());
            }
            assertEquals(record(count - 1), reader.get(InetAddress.getByName("198.18.156.63"), Map.class));
            assertEquals(Map.of("autonomous_system_number", 1L, "nested", Map.of("list", List.of("a", 2L)),
                    "big", java.math.BigInteger.ONE.shiftLeft(40)), reader.get(InetAddress.getByName("fd00::8000"), Map.class));
        }
    }

    private static Map<String, Object> record(int i) {
        return Map.of("autonomous_system_number", (long) i + 1,
                "autonomous_system_organization", "Network of some length number " + i / 2);
    }
}
