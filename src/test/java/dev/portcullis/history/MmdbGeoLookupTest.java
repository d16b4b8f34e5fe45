package dev.portcullis.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lookups against small databases this test writes itself and reads back with the MaxMind reader. */
class MmdbGeoLookupTest {

    @TempDir
    Path dir;

    /** A GeoLite2-Country-shaped database, a flat ip-location-db-shaped one and a GeoLite2-ASN-shaped one. */
    static Path countryDb(Path dir) throws Exception {
        Path file = dir.resolve("country.mmdb");
        new MmdbWriter("GeoLite2-Country")
                .add("198.18.0.0/24", Map.of("country", Map.of("iso_code", "DE", "names", Map.of("en", "Germany"))))
                .add("198.18.1.0/24", Map.of("registered_country", Map.of("iso_code", "IR")))
                .add("fd00:1::/32", Map.of("country", Map.of("iso_code", "CN")))
                .write(file);
        return file;
    }

    static Path asnDb(Path dir) throws Exception {
        Path file = dir.resolve("asn.mmdb");
        new MmdbWriter("GeoLite2-ASN")
                .add("198.18.0.0/23", Map.of("autonomous_system_number", 64500, "autonomous_system_organization", "Example Transit"))
                .add("fd00:1::/32", Map.of("autonomous_system_number", 4_200_000_001L, "autonomous_system_organization", "Ünïcode Net"))
                .write(file);
        return file;
    }

    @Test
    void countryAndNetworkOfIpv4AndIpv6Addresses() throws Exception {
        try (MmdbGeoLookup geo = MmdbGeoLookup.open(countryDb(dir), asnDb(dir))) {
            assertEquals(new Origin("DE", 64500, "Example Transit"), geo.lookup("198.18.0.7"));
            assertEquals(new Origin("IR", 64500, "Example Transit"), geo.lookup("198.18.1.200"),
                    "the registered country when the database has no country");
            assertEquals(new Origin("CN", 4_200_000_001L, "Ünïcode Net"), geo.lookup("fd00:1:0:0::9"));
            assertEquals(Origin.UNKNOWN, geo.lookup("198.19.0.1"), "an address outside every network");
            assertEquals(Origin.UNKNOWN, geo.lookup("fd00:2::1"));
        }
    }

    @Test
    void theFlatCountryCodeOfIpLocationDbFilesIsRead() throws Exception {
        Path file = dir.resolve("flat.mmdb");
        new MmdbWriter("geo-whois-asn-country").add("198.18.4.0/22", Map.of("country_code", "nl")).write(file);
        try (MmdbGeoLookup geo = MmdbGeoLookup.open(file, null)) {
            assertEquals(new Origin("NL", 0, ""), geo.lookup("198.18.5.1"));
            assertTrue(geo.hasCountry());
            assertFalse(geo.hasAsn());
        }
    }

    @Test
    void namesAndMalformedTextAreNeverLookedUp() throws Exception {
        try (MmdbGeoLookup geo = MmdbGeoLookup.open(countryDb(dir), asnDb(dir))) {
            for (String notAnAddress : new String[] {"localhost", "example.com", "198.18.0", "198.18.0.1/24", "", "::g"}) {
                assertEquals(Origin.UNKNOWN, geo.lookup(notAnAddress), notAnAddress);
            }
        }
    }

    @Test
    void aFileThatIsNoDatabaseIsRefusedNamingIt() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.mmdb"), "not a database");
        GeoDatabaseException e = assertThrows(GeoDatabaseException.class, () -> MmdbGeoLookup.open(junk, null));
        assertEquals(junk.toString(), e.value());
        assertEquals("--geo-country", e.field());
        GeoDatabaseException missing = assertThrows(GeoDatabaseException.class,
                () -> MmdbGeoLookup.open(null, dir.resolve("absent.mmdb")));
        assertEquals("--geo-asn", missing.field());
    }

    @Test
    void theDataDirectoryGeoFolderIsUsedWhenNoFileIsNamed() throws Exception {
        Path geoDir = Files.createDirectories(dir.resolve("data").resolve(GeoDatabases.DATA_DIR_FOLDER));
        Files.move(countryDb(dir), geoDir.resolve(GeoDatabases.COUNTRY_FILE));
        Path asn = asnDb(dir);
        try (MmdbGeoLookup geo = GeoDatabases.open(null, asn, dir.resolve("data"))) {
            assertEquals(new Origin("DE", 64500, "Example Transit"), geo.lookup("198.18.0.7"));
        }
    }

    @Test
    void countryNamesFollowTheLanguage() {
        Origin de = new Origin("DE", 0, "");
        assertEquals("Germany", de.countryName(Locale.ENGLISH));
        assertEquals("Deutschland", de.countryName(Locale.GERMAN));
        assertEquals("", Origin.UNKNOWN.countryName(Locale.ENGLISH));
    }
}
