package dev.portcullis.history;

import dev.portcullis.conntrack.Family;
import dev.portcullis.conntrack.IpAddress;
import dev.portcullis.history.mmdb.MmdbBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Small MaxMind DB files for tests, by network (CIDR) rather than by range: the application's own
 * {@link MmdbBuilder} underneath. Networks must not overlap.
 */
public final class MmdbWriter {

    private final MmdbBuilder builder;

    public MmdbWriter(String databaseType) {
        builder = new MmdbBuilder(databaseType, "test database", 1_700_000_000L);
    }

    /** Adds a network such as {@code 198.18.0.0/16} or {@code fd00:1::/32} with its record. */
    public MmdbWriter add(String cidr, Map<String, ?> record) {
        int slash = cidr.indexOf('/');
        IpAddress first = IpAddress.parse(cidr.substring(0, slash));
        int hostBits = (first.family() == Family.V4 ? 32 : 128) - Integer.parseInt(cidr.substring(slash + 1));
        long loMask = hostBits >= 64 ? -1L : (1L << hostBits) - 1;
        long hiMask = hostBits <= 64 ? 0 : hostBits == 128 ? -1L : (1L << (hostBits - 64)) - 1;
        builder.addRange(first, new IpAddress(first.family(), first.hi() | hiMask, first.lo() | loMask), record);
        return this;
    }

    public void write(Path file) throws IOException {
        builder.write(file);
    }
}
