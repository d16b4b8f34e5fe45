package dev.portcullis.conntrack;

import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Protocol;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns parsed connections into per-entry summaries for one server's managed entries.
 *
 * <p>Only traffic towards a managed port counts: the original direction's dport must be the
 * entry's port (a connection the server opens from that port outwards has it as sport, and the
 * reply tuple is never looked at). When the server's own addresses are known, the original dst
 * must also be one of them, which also rules out connections the server opens to someone else's
 * port of the same number.
 *
 * <p>Built once per set of entries, then used for every poll; it holds no per-poll state, and
 * refusals are compared with the previous snapshot passed in, so nothing grows with the number
 * of polls. Thread-safe once built.
 */
public final class ConnectionAggregator {

    private static final int NONE = -1;

    private final List<LimitEntry> entries;
    private final Set<IpAddress> localAddresses;
    /** Entry index by port, one table per transport: O(1) per connection, however many entries. */
    private final int[] tcpEntry = new int[65_536];
    private final int[] udpEntry = new int[65_536];

    public ConnectionAggregator(List<LimitEntry> entries) {
        this(entries, Set.of());
    }

    /**
     * @param localAddresses the server's own addresses; empty when unknown (then the port alone decides)
     */
    public ConnectionAggregator(List<LimitEntry> entries, Collection<IpAddress> localAddresses) {
        this.entries = List.copyOf(entries);
        this.localAddresses = Set.copyOf(localAddresses);
        Arrays.fill(tcpEntry, NONE);
        Arrays.fill(udpEntry, NONE);
        // Entries of one server never overlap (Validator.noClash); should they, the first one wins.
        for (int i = 0; i < this.entries.size(); i++) {
            LimitEntry e = this.entries.get(i);
            if (e.protocol().coversTcp() && tcpEntry[e.port()] == NONE) {
                tcpEntry[e.port()] = i;
            }
            if (e.protocol().coversUdp() && udpEntry[e.port()] == NONE) {
                udpEntry[e.port()] = i;
            }
        }
    }

    public List<LimitEntry> entries() {
        return entries;
    }

    /** Parses the filtered output of one poll and aggregates it: what a poller calls. */
    public Snapshot poll(byte[] output, Map<PortKey, Long> refused, Snapshot previous) {
        long start = System.nanoTime();
        ParseResult parsed = new ConntrackParser().parse(output);
        return aggregate(parsed, refused, previous, start);
    }

    /** As {@link #poll(byte[], Map, Snapshot)}, reading a stream such as an SSH channel. */
    public Snapshot poll(InputStream output, Map<PortKey, Long> refused, Snapshot previous) throws IOException {
        long start = System.nanoTime();
        ParseResult parsed = new ConntrackParser().parse(output);
        return aggregate(parsed, refused, previous, start);
    }

    /**
     * @param refused  refused attempts per port and protocol, from the rule counters; keys
     *                 (port, tcp) and (port, udp), or (port, both) for a rule covering both; may be empty
     * @param previous the snapshot of the previous poll of the same server, or null
     */
    public Snapshot aggregate(ParseResult parsed, Map<PortKey, Long> refused, Snapshot previous) {
        return aggregate(parsed, refused, previous, System.nanoTime());
    }

    /**
     * As {@link #aggregate(ParseResult, Map, Snapshot)}, with the members of devices entries read
     * from the server ({@link NftSetParser} on {@code nft list set inet portcullis dev_PORT_PROTO}),
     * keyed by the entry's port and protocol: each summary gets its members, each member the
     * connections from its address group.
     */
    public Snapshot aggregate(ParseResult parsed, Map<PortKey, Long> refused, Snapshot previous,
                              Map<PortKey, List<DeviceMember>> members) {
        return withMembers(aggregate(parsed, refused, previous, System.nanoTime()), members);
    }

    private static Snapshot withMembers(Snapshot s, Map<PortKey, List<DeviceMember>> members) {
        if (members == null || members.isEmpty()) {
            return s;
        }
        List<PortSummary> ports = new ArrayList<>(s.ports().size());
        for (PortSummary p : s.ports()) {
            List<DeviceMember> set = p.mode() == LimitMode.DEVICES ? members.get(p.key()) : null;
            if (set == null) {
                ports.add(p);
                continue;
            }
            List<Connection> mine = new ArrayList<>();
            for (Connection c : s.connections()) {
                if (c.dport() == p.port() && (c.protocol() == Protocol.TCP ? p.protocol().coversTcp() : p.protocol().coversUdp())) {
                    mine.add(c);
                }
            }
            ports.add(new PortSummary(p.port(), p.protocol(), p.mode(), p.max(), p.label(), p.observe(), p.connections(),
                    p.connectionsV4(), p.connectionsV6(), p.listed(), p.addresses(), p.perAddress(), p.refused(),
                    p.overLimit() || set.size() > p.max(), p.risingRefusals(), DeviceMember.assign(set, mine)));
        }
        return new Snapshot(ports, s.connections(), s.lines(), s.otherProtocols(), s.malformed(), s.malformedSamples(),
                s.parseNanos());
    }

    private Snapshot aggregate(ParseResult parsed, Map<PortKey, Long> refused, Snapshot previous, long start) {
        Tally[] tallies = new Tally[entries.size()];
        for (int i = 0; i < tallies.length; i++) {
            tallies[i] = new Tally(entries.get(i));
        }
        List<Connection> towards = new ArrayList<>();
        for (Connection c : parsed.connections()) {
            int index = (c.protocol() == Protocol.TCP ? tcpEntry : udpEntry)[c.dport()];
            if (index == NONE || (!localAddresses.isEmpty() && !localAddresses.contains(c.dst()))) {
                continue;
            }
            towards.add(c);
            tallies[index].add(c);
        }
        Map<PortKey, PortSummary> before = new HashMap<>();
        if (previous != null) {
            for (PortSummary p : previous.ports()) {
                before.put(p.key(), p);
            }
        }
        List<PortSummary> ports = new ArrayList<>(tallies.length);
        for (Tally t : tallies) {
            ports.add(t.summary(refusedFor(t.entry, refused), before.get(new PortKey(t.entry.port(),
                    t.entry.protocol()))));
        }
        return new Snapshot(ports, towards, parsed.lines(), parsed.otherProtocols(), parsed.malformed(),
                parsed.malformedSamples(), System.nanoTime() - start);
    }

    private static long refusedFor(LimitEntry e, Map<PortKey, Long> refused) {
        if (refused == null || refused.isEmpty()) {
            return 0;
        }
        long sum = refused.getOrDefault(new PortKey(e.port(), Protocol.BOTH), 0L);
        if (e.protocol().coversTcp()) {
            sum += refused.getOrDefault(new PortKey(e.port(), Protocol.TCP), 0L);
        }
        if (e.protocol().coversUdp()) {
            sum += refused.getOrDefault(new PortKey(e.port(), Protocol.UDP), 0L);
        }
        return sum;
    }

    private static final Comparator<AddressCount> BUSIEST_FIRST = (a, b) -> a.connections() != b.connections()
            ? Integer.compare(b.connections(), a.connections()) : a.address().compareTo(b.address());

    /** Counts for one entry during one aggregation. */
    private static final class Tally {
        private final LimitEntry entry;
        private final boolean grouped;
        /** Per address group: all its live connections, then TCP and UDP apart. */
        private final Map<IpAddress, int[]> groups = new HashMap<>();
        /**
         * Live connections by family (v4, v6) and protocol (tcp, udp): connlimit keeps one count per
         * rule, and an entry has one rule per family and protocol.
         */
        private final int[][] live = new int[2][2];
        private int listed;

        Tally(LimitEntry entry) {
            this.entry = entry;
            // connlimit in "connections" mode uses mask 0; per address we still show full addresses.
            this.grouped = entry.mode() != LimitMode.CONNECTIONS;
        }

        void add(Connection c) {
            listed++;
            if (!c.holdsSlot()) {
                return;
            }
            int proto = c.protocol() == Protocol.TCP ? 0 : 1;
            live[c.src().family() == Family.V4 ? 0 : 1][proto]++;
            int[] counts = groups.computeIfAbsent(group(c.src()), k -> new int[3]);
            counts[0]++;
            counts[1 + proto]++;
        }

        private IpAddress group(IpAddress a) {
            return grouped ? a.masked(prefix(a.family())) : a;
        }

        private int prefix(Family f) {
            if (!grouped) {
                return f.bits();
            }
            return f == Family.V4 ? entry.v4Mask() : entry.v6Prefix();
        }

        PortSummary summary(long refused, PortSummary before) {
            List<AddressCount> perAddress = new ArrayList<>(groups.size());
            int busiest = 0;
            for (Map.Entry<IpAddress, int[]> g : groups.entrySet()) {
                int[] n = g.getValue();
                busiest = Math.max(busiest, Math.max(n[1], n[2]));
                perAddress.add(new AddressCount(g.getKey(), prefix(g.getKey().family()), n[0]));
            }
            int fullest = Math.max(Math.max(live[0][0], live[0][1]), Math.max(live[1][0], live[1][1]));
            perAddress.sort(BUSIEST_FIRST);
            boolean over = switch (entry.mode()) {
                // connlimit keeps one count per family (and protocol): 2 IPv4 + 2 IPv6 is within "max 2".
                case CONNECTIONS -> fullest > entry.max();
                // A group is of one family; its TCP and UDP connections are counted apart too.
                case CONNECTIONS_PER_IP -> busiest > entry.max();
                case DEVICES -> groups.size() > entry.max();
            };
            // A counter that went down was reset (rules re-created): not a rise.
            boolean rising = before != null && refused > before.refused();
            return new PortSummary(entry.port(), entry.protocol(), entry.mode(), entry.max(), entry.label(),
                    entry.observe(), live[0][0] + live[0][1], live[1][0] + live[1][1], listed, groups.size(), perAddress,
                    refused, over, rising);
        }
    }
}
