package dev.portcullis.history;

import com.maxmind.db.DatabaseRecord;
import com.maxmind.db.Networks;
import com.maxmind.db.Reader;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Random;

/**
 * Lookups in the bundled databases (country.mmdb and asn.mmdb, present when scripts/fetch-geo-data.sh
 * ran before the build): the time to open both from the jar's resources, and nanoseconds per
 * lookup of an address (country and network together) over random IPv4 and IPv6 addresses.
 * Median of 7 runs of 200,000 lookups after 3 warm-ups.
 * Run: {@code ./mvnw -B -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.portcullis.history.GeoLookupBenchmark}
 */
public final class GeoLookupBenchmark {

    private static final int LOOKUPS = 200_000;
    private static final int WARMUPS = 3;
    private static final int RUNS = 7;

    private GeoLookupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        try (MmdbGeoLookup geo = GeoDatabases.open(null, null, null)) {
            long openMs = (System.nanoTime() - start) / 1_000_000;
            if (!geo.hasCountry() || !geo.hasAsn()) {
                System.err.println("the bundled databases are missing: run scripts/fetch-geo-data.sh, then build");
                System.exit(1);
            }
            System.out.printf(Locale.ROOT, "open both bundled databases: %d ms%n", openMs);
            for (boolean v6 : new boolean[] {false, true}) {
                String[] addresses = addresses(v6);
                long[] ns = new long[RUNS];
                long known = 0;
                for (int run = -WARMUPS; run < RUNS; run++) {
                    known = 0;
                    long t = System.nanoTime();
                    for (String a : addresses) {
                        if (geo.lookup(a).asnKnown()) {
                            known++;
                        }
                    }
                    if (run >= 0) {
                        ns[run] = (System.nanoTime() - t) / addresses.length;
                    }
                }
                Arrays.sort(ns);
                System.out.printf(Locale.ROOT, "%s: %d ns per lookup (country and network), %d of %d with a network%n",
                        v6 ? "IPv6" : "IPv4", ns[RUNS / 2], known, addresses.length);
            }
        }
    }

    /**
     * IPv4: random in 1.0.0.0-223.255.255.255. IPv6: random, mostly unallocated space would only
     * measure misses, so an address with random low 64 bits in a random network of the ASN database.
     */
    private static String[] addresses(boolean v6) throws Exception {
        Random random = new Random(17);
        String[] out = new String[LOOKUPS];
        if (!v6) {
            for (int i = 0; i < LOOKUPS; i++) {
                out[i] = (1 + random.nextInt(223)) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256);
            }
            return out;
        }
        List<byte[]> networks = new ArrayList<>();
        try (InputStream in = GeoDatabases.class.getResourceAsStream(GeoDatabases.BUNDLED_ASN);
             Reader reader = new Reader(in)) {
            Networks<Map> it = reader.networks(false, Map.class);
            while (it.hasNext()) {
                DatabaseRecord<Map> r = it.next();
                if (r.network().networkAddress() instanceof Inet6Address a && r.network().prefixLength() <= 64) {
                    networks.add(a.getAddress());
                }
            }
        }
        for (int i = 0; i < LOOKUPS; i++) {
            byte[] b = networks.get(random.nextInt(networks.size())).clone();
            for (int j = 8; j < 16; j++) {
                b[j] = (byte) random.nextInt(256);
            }
            out[i] = InetAddress.getByAddress(b).getHostAddress();
        }
        return out;
    }
}
