package dev.portcullis.history.mmdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.maxmind.db.DatabaseRecord;
import com.maxmind.db.Networks;
import com.maxmind.db.Reader;
import dev.portcullis.history.MmdbGeoLookup;
import dev.portcullis.history.Origin;
import dev.portcullis.model.ValidationException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ASN converter on small CSV files in ip-location-db's format, read back with the MaxMind
 * reader (and through {@link MmdbGeoLookup}, as the application reads the bundled database).
 */
class AsnCsvToMmdbTest {

    @TempDir
    Path dir;

    private Path csv(String name, String... lines) throws Exception {
        return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
    }

    private Path convert(Path... csvs) throws Exception {
        AsnCsvToMmdb converter = new AsnCsvToMmdb(1_750_000_000L);
        for (Path csv : csvs) {
            converter.read(csv);
        }
        Path out = dir.resolve("asn.mmdb");
        converter.write(out);
        return out;
    }

    private static List<String> networks(Reader reader) throws Exception {
        List<String> found = new ArrayList<>();
        Networks<Map> it = reader.networks(false, Map.class);
        while (it.hasNext()) {
            DatabaseRecord<Map> r = it.next();
            found.add(r.network() + " " + r.data().get("autonomous_system_number"));
        }
        return found;
    }

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void aRangeThatIsNotCidrAlignedBecomesTheFewestBlocksAndEndsExactlyAtItsEdges() throws Exception {
        Path db = convert(csv("asn-ipv4.csv", "198.18.0.5,198.18.1.10,64500,\"Example, Transit\""));
        try (Reader reader = new Reader(db.toFile())) {
            assertEquals(List.of("198.18.0.5/32 64500", "198.18.0.6/31 64500", "198.18.0.8/29 64500",
                    "198.18.0.16/28 64500", "198.18.0.32/27 64500", "198.18.0.64/26 64500",
                    "198.18.0.128/25 64500", "198.18.1.0/29 64500", "198.18.1.8/31 64500",
                    "198.18.1.10/32 64500"), networks(reader));
            assertNull(reader.get(ip("198.18.0.4"), Map.class), "one below the first address");
            assertNull(reader.get(ip("198.18.1.11"), Map.class), "one above the last address");
            assertEquals(Map.of("autonomous_system_number", 64500L, "autonomous_system_organization", "Example, Transit"),
                    reader.get(ip("198.18.0.5"), Map.class));
            assertEquals("Example, Transit", reader.get(ip("198.18.1.10"), Map.class).get("autonomous_system_organization"));
            assertEquals(6, reader.getMetadata().ipVersion());
            assertEquals(24, reader.getMetadata().recordSize());
            assertEquals(AsnCsvToMmdb.DATABASE_TYPE, reader.getMetadata().databaseType());
            assertEquals(1_750_000_000L, reader.getMetadata().buildEpoch().longValue());
        }
    }

    @Test
    void ipv4AndIpv6FromTwoFilesAreOneDatabaseAndTheApplicationReadsIt() throws Exception {
        Path db = convert(
                csv("asn-ipv4.csv",
                        "0.0.0.0,0.0.0.0,64496,Lowest",
                        "198.18.0.0,198.18.0.255,64500,Example Transit",
                        "255.255.255.255,255.255.255.255,64497,Highest"),
                csv("asn-ipv6.csv",
                        "fd00:1::,fd00:1:0:ffff:ffff:ffff:ffff:ffff,4200000001,Ünïcode Net",
                        "fd00:2::3,fd00:2::3,64501,One Address",
                        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fff0,ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff,64502,Top"));
        try (MmdbGeoLookup geo = MmdbGeoLookup.open(null, db)) {
            assertEquals(new Origin("", 64500, "Example Transit"), geo.lookup("198.18.0.255"));
            assertEquals(new Origin("", 64496, "Lowest"), geo.lookup("0.0.0.0"));
            assertEquals(Origin.UNKNOWN, geo.lookup("0.0.0.1"));
            assertEquals(new Origin("", 64497, "Highest"), geo.lookup("255.255.255.255"));
            assertEquals(Origin.UNKNOWN, geo.lookup("255.255.255.254"));
            assertEquals(new Origin("", 4_200_000_001L, "Ünïcode Net"), geo.lookup("fd00:1::"));
            assertEquals(new Origin("", 4_200_000_001L, "Ünïcode Net"), geo.lookup("fd00:1:0:ffff:ffff:ffff:ffff:ffff"));
            assertEquals(Origin.UNKNOWN, geo.lookup("fd00:1:1::"), "one above the last address");
            assertEquals(Origin.UNKNOWN, geo.lookup("fd00:0:ffff:ffff:ffff:ffff:ffff:ffff"), "one below the first");
            assertEquals(new Origin("", 64501, "One Address"), geo.lookup("fd00:2::3"));
            assertEquals(Origin.UNKNOWN, geo.lookup("fd00:2::2"));
            assertEquals(Origin.UNKNOWN, geo.lookup("fd00:2::4"));
            assertEquals(new Origin("", 64502, "Top"), geo.lookup("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
            assertEquals(Origin.UNKNOWN, geo.lookup("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffef"));
            assertTrue(geo.hasAsn());
            assertFalse(geo.hasCountry());
        }
        try (Reader reader = new Reader(db.toFile())) {
            assertEquals(List.of("0.0.0.0/32 64496", "198.18.0.0/24 64500", "255.255.255.255/32 64497",
                    "fd00:1:0:0:0:0:0:0/48 4200000001", "fd00:2:0:0:0:0:0:3/128 64501",
                    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fff0/124 64502"), networks(reader));
        }
    }

    @Test
    void ipv4MappedIpv6AddressesFindTheIpv4Networks() throws Exception {
        Path db = convert(csv("asn-ipv4.csv", "198.18.0.0,198.18.0.255,64500,Example Transit"));
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        mapped[12] = (byte) 198;
        mapped[13] = 18;
        mapped[15] = 9;
        InetAddress v6 = Inet6Address.getByAddress(null, mapped, -1);
        assertTrue(v6 instanceof Inet6Address, "looked up as an IPv6 address");
        try (Reader reader = new Reader(db.toFile())) {
            assertEquals(64500L, reader.get(v6, Map.class).get("autonomous_system_number"));
        }
    }

    @Test
    void neighbouringRowsOfOneNetworkAreJoinedAndEqualRecordsStoredOnce() throws Exception {
        Path db = convert(csv("asn-ipv4.csv",
                "198.18.2.0,198.18.2.127,64500,Example Transit",
                "198.18.2.128,198.18.2.255,64500,Example Transit",
                "198.18.3.0,198.18.3.255,64501,Other",
                "198.18.4.0,198.18.4.255,64500,Example Transit"));
        try (Reader reader = new Reader(db.toFile())) {
            assertEquals(List.of("198.18.2.0/24 64500", "198.18.3.0/24 64501", "198.18.4.0/24 64500"), networks(reader));
        }
        byte[] file = Files.readAllBytes(db);
        assertEquals(1, occurrences(file, "Example Transit"), "one record for both networks of AS64500");
        assertEquals(1, occurrences(file, "autonomous_system_organization"), "keys written once, then pointed to");
    }

    @Test
    void aRowThatStartsInsideTheRowBeforeWinsTheAddressesTheyShare() throws Exception {
        Path db = convert(csv("asn-ipv4.csv",
                "198.18.0.0,198.18.3.255,64501,Around",
                "198.18.1.0,198.18.1.255,64502,Inside",
                "198.18.8.0,198.18.9.255,64503,Earlier",
                "198.18.9.0,198.18.10.255,64504,Later",
                "198.18.10.0,198.18.10.255,64505,Same end"));
        try (Reader reader = new Reader(db.toFile())) {
            assertEquals(List.of("198.18.0.0/24 64501", "198.18.1.0/24 64502", "198.18.2.0/23 64501",
                    "198.18.8.0/24 64503", "198.18.9.0/24 64504", "198.18.10.0/24 64505"), networks(reader));
        }
    }

    private static int occurrences(byte[] haystack, String needle) {
        byte[] n = needle.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int count = 0;
        outer:
        for (int i = 0; i + n.length <= haystack.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (haystack[i + j] != n[j]) {
                    continue outer;
                }
            }
            count++;
        }
        return count;
    }

    @Test
    void badRowsAreRefusedNamingFileLineAndValueAndNothingIsWritten() throws Exception {
        record Case(String row, String value) {
        }
        for (Case c : List.of(
                new Case("198.18.0.0,198.18.0.300,64500,X", "198.18.0.300"),
                new Case("198.18.0.0,198.18.0.255,AS64500,X", "AS64500"),
                new Case("198.18.0.0,198.18.0.255,0,X", "0"),
                new Case("198.18.0.0,198.18.0.255,4294967296,X", "4294967296"),
                new Case("198.18.0.9,198.18.0.1,64500,X", "198.18.0.9-198.18.0.1"),
                new Case("198.18.0.0,fd00::1,64500,X", "198.18.0.0-fd00::1"),
                new Case("::1,::2,64500,Where IPv4 lives", "::1-::2"),
                new Case("198.17.255.255,198.18.0.0,64501,Overlaps", "198.17.255.255-198.18.0.0"),
                new Case("198.18.0.0,198.18.0.255", "198.18.0.0,198.18.0.255"))) {
            Path file = csv("asn-ipv4.csv", "198.18.0.0,198.18.0.255,64500,Example Transit", c.row());
            AsnCsvToMmdb converter = new AsnCsvToMmdb(0);
            ValidationException e = assertThrows(ValidationException.class, () -> {
                converter.read(file);
                converter.write(dir.resolve("bad.mmdb"));
            }, c.row());
            assertEquals("asn-ipv4.csv line 2", e.field(), c.row());
            assertEquals(c.value(), e.value(), c.row());
            assertFalse(Files.exists(dir.resolve("bad.mmdb")));
        }
    }
}
