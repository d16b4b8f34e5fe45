package dev.portcullis.history.mmdb;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.portcullis.conntrack.Family;
import dev.portcullis.conntrack.IpAddress;
import dev.portcullis.model.ValidationException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds an ASN database in MaxMind format from the CSV files of ip-location-db's ASN package
 * ({@code ip_range_start,ip_range_end,autonomous_system_number,autonomous_system_organization},
 * inclusive ranges, IPv4 and IPv6 files, no header). Each address gets the fields GeoLite2-ASN has,
 * {@code autonomous_system_number} and {@code autonomous_system_organization}, which
 * {@code MmdbGeoLookup} reads. Neighbouring rows of one network are joined before they are split
 * into CIDR blocks.
 *
 * <p>Run at build time by scripts/fetch-geo-data.sh:
 * {@code AsnCsvToMmdb OUT.mmdb IN.csv...}; {@code SOURCE_DATE_EPOCH}, when set, is the build time.
 */
public final class AsnCsvToMmdb {

    static final String DATABASE_TYPE = "ip-location-db-ASN";
    static final String DESCRIPTION = "IP address to autonomous system, from ip-location-db's ASN data"
            + " (RouteViews, the RIRs via NRO, DB-IP; CC BY 4.0)";

    /** What a conversion made. */
    public record Summary(long rows, long overlaps, long ranges, long blocks, int records, int nodes) {
    }

    private final MmdbBuilder builder;
    private long rows;
    private long ranges;
    private long blocks;
    private long overlaps;
    private Pending pending;

    private record Pending(String where, IpAddress first, IpAddress last, Map<String, Object> record) {
    }

    public AsnCsvToMmdb(long buildEpoch) {
        builder = new MmdbBuilder(DATABASE_TYPE, DESCRIPTION, buildEpoch);
    }

    /**
     * Reads one CSV file.
     *
     * @throws ValidationException naming the file, the line and the value that is not a range of
     *                             addresses with an AS number, or overlaps an earlier range
     */
    public void read(Path csv) throws IOException {
        CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
        try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
             MappingIterator<String[]> it = mapper.readerFor(String[].class).readValues(in)) {
            while (it.hasNextValue()) {
                String where = csv.getFileName() + " line " + it.getCurrentLocation().getLineNr();
                String[] row = it.nextValue();
                if (row.length == 0 || row.length == 1 && row[0].isBlank()) {
                    continue;
                }
                rows++;
                if (row.length != 4) {
                    throw new ValidationException(where, String.join(",", row),
                            "4 fields: first address, last address, AS number, AS organisation");
                }
                IpAddress first = address(where, row[0]);
                IpAddress last = address(where, row[1]);
                Map<String, Object> record = new LinkedHashMap<>();
                record.put("autonomous_system_number", asn(where, row[2]));
                if (!row[3].isBlank()) {
                    record.put("autonomous_system_organization", row[3].strip());
                }
                add(where, first, last, record);
            }
        }
    }

    private static IpAddress address(String where, String text) {
        IpAddress ip = IpAddress.parse(text.strip());
        if (ip == null) {
            throw new ValidationException(where, text, "an IPv4 or IPv6 address");
        }
        return ip;
    }

    private static long asn(String where, String text) {
        try {
            long n = Long.parseLong(text.strip());
            if (n >= 1 && n <= 0xFFFF_FFFFL) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below, naming the value
        }
        throw new ValidationException(where, text, "an AS number, 1-4294967295");
    }

    /**
     * Joins a row to the one before when it continues it with the same network, else adds that one.
     * A row that starts inside the one before wins the addresses they share (the published files
     * have a few such rows); any other overlap is refused.
     */
    private void add(String where, IpAddress first, IpAddress last, Map<String, Object> record) {
        if (first.family() != last.family() || first.compareTo(last) > 0) {
            throw new ValidationException(where, first + "-" + last, "a range from a lower to a higher address of one family");
        }
        Pending row = new Pending(where, first, last, record);
        if (pending != null && first.compareTo(pending.first) >= 0 && first.compareTo(pending.last) <= 0) {
            overlaps++;
            Pending earlier = pending;
            pending = null;
            if (first.compareTo(earlier.first) > 0) {
                addToTree(new Pending(earlier.where, earlier.first, step(first, -1), earlier.record));
            }
            if (last.compareTo(earlier.last) < 0) {
                addToTree(row);
                pending = new Pending(earlier.where, step(last, 1), earlier.last, earlier.record);
                return;
            }
        } else if (pending != null && pending.record.equals(record) && !pending.last.equals(maximum(pending.last))
                && step(pending.last, 1).equals(first)) {
            pending = new Pending(pending.where, pending.first, last, record);
            return;
        }
        flush();
        pending = row;
    }

    /** The next (+1) or previous (-1) address of the same family; never called past either end. */
    private static IpAddress step(IpAddress ip, int by) {
        long lo = ip.lo() + by;
        long hi = ip.hi();
        if (by > 0 && lo == 0) {
            hi++;
        } else if (by < 0 && lo == -1) {
            hi--;
        }
        return new IpAddress(ip.family(), hi, lo);
    }

    private static IpAddress maximum(IpAddress ip) {
        return ip.family() == Family.V4 ? new IpAddress(Family.V4, 0, 0xFFFF_FFFFL) : new IpAddress(Family.V6, -1, -1);
    }

    private void flush() {
        if (pending != null) {
            addToTree(pending);
            pending = null;
        }
    }

    private void addToTree(Pending range) {
        try {
            blocks += builder.addRange(range.first, range.last, range.record);
        } catch (ValidationException e) {
            throw new ValidationException(range.where, e.value(), e.allowed());
        }
        ranges++;
    }

    /** Writes the database of every file read. */
    public Summary write(Path out) throws IOException {
        flush();
        builder.write(out);
        return new Summary(rows, overlaps, ranges, blocks, builder.recordCount(), builder.nodeCount());
    }

    /** {@code AsnCsvToMmdb OUT.mmdb IN.csv...}: exit status 0, or 2 for bad input, 1 when it cannot read or write. */
    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: AsnCsvToMmdb OUT.mmdb IN.csv...");
            System.exit(2);
        }
        String epoch = System.getenv("SOURCE_DATE_EPOCH");
        AsnCsvToMmdb converter = new AsnCsvToMmdb(
                epoch == null || epoch.isBlank() ? Instant.now().getEpochSecond() : Long.parseLong(epoch.strip()));
        try {
            for (int i = 1; i < args.length; i++) {
                converter.read(Path.of(args[i]));
            }
            Summary s = converter.write(Path.of(args[0]));
            System.out.printf("%s: %d rows (%d starting inside the row before, which they override), %d ranges,"
                    + " %d CIDR blocks, %d distinct networks, %d tree nodes%n",
                    args[0], s.rows(), s.overlaps(), s.ranges(), s.blocks(), s.records(), s.nodes());
        } catch (ValidationException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        } catch (IOException e) {
            System.err.println("cannot convert: " + e.getMessage());
            System.exit(1);
        }
    }
}
