package dev.portcullis.history;

import com.maxmind.db.CHMCache;
import com.maxmind.db.Reader;
import dev.portcullis.conntrack.Family;
import dev.portcullis.conntrack.IpAddress;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Country and network from MaxMind-format databases read with {@code com.maxmind.db}: a country
 * database (GeoLite2-Country's {@code country.iso_code}, or the flat {@code country_code} of the
 * ip-location-db files) and an ASN database ({@code autonomous_system_number},
 * {@code autonomous_system_organization}, as GeoLite2-ASN). Either may be absent.
 */
public final class MmdbGeoLookup implements GeoLookup, Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(MmdbGeoLookup.class);

    private final Reader country;
    private final Reader asn;

    /** Takes over the readers (null: that part stays unknown); {@link #close()} closes them. */
    MmdbGeoLookup(Reader country, Reader asn) {
        this.country = country;
        this.asn = asn;
    }

    /**
     * Opens the given files (null: that part stays unknown).
     *
     * @throws GeoDatabaseException naming the file when it cannot be read as a MaxMind database
     */
    public static MmdbGeoLookup open(Path countryFile, Path asnFile) {
        Reader c = countryFile == null ? null : readFile("--geo-country", countryFile);
        try {
            return new MmdbGeoLookup(c, asnFile == null ? null : readFile("--geo-asn", asnFile));
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    static Reader readFile(String option, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new GeoDatabaseException(option, file, "no such file");
        }
        try {
            return new Reader(file.toFile(), new CHMCache());
        } catch (IOException | RuntimeException e) {
            throw new GeoDatabaseException(option, file, String.valueOf(e.getMessage()));
        }
    }

    /** Reads a whole database from a stream (a bundled resource) into memory. */
    static Reader readStream(InputStream in) throws IOException {
        return new Reader(in, new CHMCache());
    }

    public boolean hasCountry() {
        return country != null;
    }

    public boolean hasAsn() {
        return asn != null;
    }

    @Override
    public Origin lookup(String address) {
        InetAddress ip = inet(address);
        if (ip == null) {
            return Origin.UNKNOWN;
        }
        String code = "";
        long number = 0;
        String name = "";
        try {
            Map<?, ?> c = country == null ? null : country.get(ip, Map.class);
            if (c != null) {
                code = countryCode(c);
            }
            Map<?, ?> a = asn == null ? null : asn.get(ip, Map.class);
            if (a != null) {
                number = a.get("autonomous_system_number") instanceof Number n ? n.longValue() : 0;
                name = a.get("autonomous_system_organization") instanceof String s ? s : "";
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("geo lookup of {} failed: {}", address, e.toString());
            return Origin.UNKNOWN;
        }
        return new Origin(code, number, name);
    }

    private static String countryCode(Map<?, ?> record) {
        if (record.get("country_code") instanceof String flat) {
            return flat;
        }
        for (String key : new String[] {"country", "registered_country"}) {
            if (record.get(key) instanceof Map<?, ?> m && m.get("iso_code") instanceof String iso) {
                return iso;
            }
        }
        return "";
    }

    /** The address as InetAddress without any name lookup; null when it is not one literal address. */
    static InetAddress inet(String address) {
        IpAddress parsed = IpAddress.parse(address);
        if (parsed == null) {
            return null;
        }
        byte[] bytes = parsed.family() == Family.V4
                ? ByteBuffer.allocate(4).putInt((int) parsed.lo()).array()
                : ByteBuffer.allocate(16).putLong(parsed.hi()).putLong(parsed.lo()).array();
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    @Override
    public void close() {
        closeQuietly(country);
        closeQuietly(asn);
    }

    static void closeQuietly(Reader r) {
        if (r != null) {
            try {
                r.close();
            } catch (IOException e) {
                LOG.debug("closing a geo database failed", e);
            }
        }
    }
}
