package dev.portcullis.ui;

import dev.portcullis.conntrack.ConnectionAggregator;
import dev.portcullis.conntrack.ConntrackParser;
import dev.portcullis.conntrack.DeviceMember;
import dev.portcullis.conntrack.PortKey;
import dev.portcullis.conntrack.Snapshot;
import dev.portcullis.model.LimitEntry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Builds {@code conntrack -L} text in the tool's real line format and turns it into snapshots with
 * the real parser and aggregator, for driving the live view in tests and measurements.
 * Addresses are from 198.18.0.0/15 and fd00::/8 only.
 */
final class ConntrackText {

    private ConntrackText() {
    }

    /** {@code count} connections spread over the entries' ports; {@code seed} shifts which clients appear. */
    static String lines(List<LimitEntry> entries, int count, int seed) {
        StringBuilder out = new StringBuilder(count * 200);
        for (int i = 0; i < count; i++) {
            int n = i + seed;
            LimitEntry e = entries.get(n % entries.size());
            boolean v6 = n % 7 == 0;
            String client = v6 ? "fd00:77::" + Integer.toHexString(2 + (n % 4000))
                    : "198.19." + ((n / 250) % 250) + "." + (2 + n % 250);
            String server = v6 ? "fd00:77::1" : "198.18.0.1";
            int sport = 30000 + (n * 7) % 30000;
            String state = n % 11 == 0 ? "TIME_WAIT" : "ESTABLISHED";
            out.append("tcp      6 431999 ").append(state)
                    .append(" src=").append(client).append(" dst=").append(server)
                    .append(" sport=").append(sport).append(" dport=").append(e.port())
                    .append(" src=").append(server).append(" dst=").append(client)
                    .append(" sport=").append(e.port()).append(" dport=").append(sport)
                    .append(" [ASSURED] mark=0 use=1\n");
        }
        return out.toString();
    }

    static Snapshot snapshot(List<LimitEntry> entries, int count, int seed, Snapshot previous) {
        return new ConnectionAggregator(entries)
                .poll(lines(entries, count, seed).getBytes(StandardCharsets.US_ASCII), Map.of(), previous);
    }

    /** As {@link #snapshot}, with rule counters and devices sets as a poll of a server reads them. */
    static Snapshot snapshot(List<LimitEntry> entries, int count, int seed, Snapshot previous,
                             Map<PortKey, Long> refused, Map<PortKey, List<DeviceMember>> members) {
        return new ConnectionAggregator(entries).aggregate(new ConntrackParser().parse(lines(entries, count, seed)),
                refused, previous, members);
    }
}
