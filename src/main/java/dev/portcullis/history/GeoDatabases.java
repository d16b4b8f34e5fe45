package dev.portcullis.history;

import com.maxmind.db.Reader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which geo databases to use, for each of country and network (ASN), first found wins:
 * <ol>
 *   <li>the file the operator named ({@code --geo-country FILE}, {@code --geo-asn FILE});</li>
 *   <li>{@code geo/country.mmdb} and {@code geo/asn.mmdb} in the data directory (e.g. GeoLite2-Country
 *       and GeoLite2-ASN copied there);</li>
 *   <li>the databases bundled in the application ({@link #BUNDLED_COUNTRY}, {@link #BUNDLED_ASN}),
 *       present when the build fetched them (scripts/fetch-geo-data.sh);</li>
 *   <li>none: that part is unknown.</li>
 * </ol>
 */
public final class GeoDatabases {

    public static final String DATA_DIR_FOLDER = "geo";
    public static final String COUNTRY_FILE = "country.mmdb";
    public static final String ASN_FILE = "asn.mmdb";
    public static final String BUNDLED_COUNTRY = "/dev/portcullis/history/geo/" + COUNTRY_FILE;
    public static final String BUNDLED_ASN = "/dev/portcullis/history/geo/" + ASN_FILE;

    private GeoDatabases() {
    }

    /**
     * @param countryFile the operator's country database, or null
     * @param asnFile     the operator's ASN database, or null
     * @param dataDir     the data directory (its {@code geo} folder is looked in), or null
     * @throws GeoDatabaseException when a named or found file cannot be read
     */
    public static MmdbGeoLookup open(Path countryFile, Path asnFile, Path dataDir) {
        Reader country = part("--geo-country", countryFile, dataDir, COUNTRY_FILE, BUNDLED_COUNTRY);
        try {
            return new MmdbGeoLookup(country, part("--geo-asn", asnFile, dataDir, ASN_FILE, BUNDLED_ASN));
        } catch (RuntimeException e) {
            MmdbGeoLookup.closeQuietly(country);
            throw e;
        }
    }

    private static Reader part(String option, Path given, Path dataDir, String name, String resource) {
        if (given != null) {
            return MmdbGeoLookup.readFile(option, given);
        }
        if (dataDir != null) {
            Path inDataDir = dataDir.resolve(DATA_DIR_FOLDER).resolve(name);
            if (Files.isRegularFile(inDataDir)) {
                return MmdbGeoLookup.readFile(option, inDataDir);
            }
        }
        try (InputStream bundled = GeoDatabases.class.getResourceAsStream(resource)) {
            return bundled == null ? null : MmdbGeoLookup.readStream(bundled);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled geo database " + resource + ": " + e.getMessage(), e);
        }
    }
}
