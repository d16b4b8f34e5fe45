package dev.portcullis.conntrack;

import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Protocol;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectionAggregatorTest {

    private static final String SERVER = "198.18.0.1";
    private static final String SERVER6 = "fd00:1::1";

    private static LimitEntry entry(int port, Protocol protocol, LimitMode mode, int max, int v4Mask, int v6Prefix) {
        return new LimitEntry(port, protocol, mode, max, v4Mask, v6Prefix, "acct" + port, false, true, 120);
    }

    private static LimitEntry entry(int port, Protocol protocol, LimitMode mode, int max) {
        return entry(port, protocol, mode, max, 32, 64);
    }

    /** One conntrack -L line from src:sport to dst:dport; state null for udp. */
    private static String line(String state, String src, int sport, String dst, int dport) {
        String proto = state == null ? "udp      17 30 " : "tcp      6 300 " + state + " ";
        return proto + "src=" + src + " dst=" + dst + " sport=" + sport + " dport=" + dport
                + " src=" + dst + " dst=" + src + " sport=" + dport + " dport=" + sport + " mark=0 use=1\n";
    }

    private static Snapshot run(List<LimitEntry> entries, String text) {
        return new ConnectionAggregator(entries).poll(text.getBytes(), Map.of(), null);
    }

    private static PortSummary only(Snapshot s) {
        assertEquals(1, s.ports().size());
        return s.ports().get(0);
    }

    @Test
    void capturedTableWithTheServersAddresses() {
        List<LimitEntry> entries = List.of(
                entry(8443, Protocol.BOTH, LimitMode.CONNECTIONS_PER_IP, 2),
                entry(8080, Protocol.TCP, LimitMode.CONNECTIONS, 1),
                entry(8081, Protocol.TCP, LimitMode.DEVICES, 1),
                entry(9997, Protocol.TCP, LimitMode.CONNECTIONS, 5),
                entry(9999, Protocol.TCP, LimitMode.CONNECTIONS, 2),
                entry(5353, Protocol.UDP, LimitMode.CONNECTIONS, 1),
                entry(2222, Protocol.TCP, LimitMode.CONNECTIONS, 1)); // the client's port the server dialled
        List<IpAddress> local = List.of(IpAddress.parse(Fixtures.SERVER_V4), IpAddress.parse(Fixtures.SERVER_V6));
        Snapshot s = new ConnectionAggregator(entries, local)
                .poll(Fixtures.bytes("conntrack-L.txt"), Map.of(), null);

        assertEquals(20, s.lines());
        assertEquals(2, s.otherProtocols());
        assertEquals(0, s.malformed());
        assertEquals(16, s.connections().size()); // 18 minus the two the server opened (2222, 2223)

        PortSummary p8443 = s.port(8443, Protocol.BOTH).orElseThrow();
        assertEquals(7, p8443.connections()); // tcp 3 v4 + 2 v6, udp 1 v4 + 1 v6
        assertEquals(7, p8443.listed());
        assertEquals(2, p8443.addresses());
        assertEquals(List.of(new AddressCount(IpAddress.parse(Fixtures.CLIENT_V4), 32, 4),
                new AddressCount(IpAddress.parse("fd00:1179::"), 64, 3)), p8443.perAddress());
        assertEquals("fd00:1179::/64", p8443.perAddress().get(1).text());
        assertEquals("198.18.224.2", p8443.perAddress().get(0).text());
        assertTrue(p8443.overLimit());

        PortSummary p8080 = s.port(8080, Protocol.TCP).orElseThrow();
        assertEquals(0, p8080.connections()); // two TIME_WAIT: listed, not counted
        assertEquals(2, p8080.listed());
        assertEquals(0, p8080.addresses());
        assertFalse(p8080.overLimit());

        PortSummary p8081 = s.port(8081, Protocol.TCP).orElseThrow();
        assertEquals(2, p8081.connections()); // CLOSE_WAIT holds a slot
        assertEquals(2, p8081.addresses()); // one v4 address, one v6 /64: one count for both families
        assertTrue(p8081.overLimit());

        PortSummary p9997 = s.port(9997, Protocol.TCP).orElseThrow();
        assertEquals(1, p9997.connections()); // SYN_RECV
        assertFalse(p9997.overLimit());

        PortSummary p9999 = s.port(9999, Protocol.TCP).orElseThrow();
        assertEquals(3, p9999.connections()); // 1 ESTABLISHED + 2 SYN_SENT
        assertEquals(1, p9999.addresses());
        assertTrue(p9999.overLimit());

        assertEquals(1, s.port(5353, Protocol.UDP).orElseThrow().connections()); // unreplied udp
        PortSummary p2222 = s.port(2222, Protocol.TCP).orElseThrow();
        assertEquals(0, p2222.listed()); // original dst is the client, not this server
    }

    @Test
    void withoutLocalAddressesThePortAloneDecides() {
        Snapshot s = run(List.of(entry(2222, Protocol.TCP, LimitMode.CONNECTIONS, 1)),
                Fixtures.text("conntrack-L.txt"));
        assertEquals(1, only(s).connections());
    }

    @Test
    void outwardAndReplySideConnectionsAreNotClients() {
        String text = line("ESTABLISHED", SERVER, 8443, "198.18.5.5", 443)   // server dials out from 8443
                // redirected: 8443 only in the reply tuple, the client asked for 50000
                + "tcp 6 300 ESTABLISHED src=198.18.5.5 dst=" + SERVER + " sport=443 dport=50000 src=" + SERVER
                + " dst=198.18.5.5 sport=8443 dport=443 [ASSURED] mark=0 use=1\n"
                + line(null, SERVER, 8443, "198.18.5.5", 53)                  // udp out from 8443
                + line("ESTABLISHED", "198.18.0.9", 41000, SERVER, 8443);   // the one real client
        Snapshot s = run(List.of(entry(8443, Protocol.BOTH, LimitMode.CONNECTIONS, 5)), text);
        assertEquals(1, only(s).connections());
        assertEquals(1, s.connections().size());
        assertEquals(41000, s.connections().get(0).sport());
    }

    @Test
    void protocolMatching() {
        String text = line("ESTABLISHED", "198.18.0.2", 1000, SERVER, 443)
                + line("ESTABLISHED", "198.18.0.3", 1001, SERVER, 443)
                + line(null, "198.18.0.2", 1002, SERVER, 443);
        assertEquals(2, only(run(List.of(entry(443, Protocol.TCP, LimitMode.CONNECTIONS, 9)), text)).connections());
        assertEquals(1, only(run(List.of(entry(443, Protocol.UDP, LimitMode.CONNECTIONS, 9)), text)).connections());
        assertEquals(3, only(run(List.of(entry(443, Protocol.BOTH, LimitMode.CONNECTIONS, 9)), text)).connections());
        Snapshot split = run(List.of(entry(443, Protocol.TCP, LimitMode.CONNECTIONS, 9),
                entry(443, Protocol.UDP, LimitMode.DEVICES, 9)), text);
        assertEquals(2, split.port(443, Protocol.TCP).orElseThrow().connections());
        assertEquals(1, split.port(443, Protocol.UDP).orElseThrow().connections());
        assertEquals(3, split.connections().size());
    }

    @Test
    void masksAndPrefixesGroupClients() {
        String text = line("ESTABLISHED", "198.18.1.1", 1, SERVER, 443)
                + line("ESTABLISHED", "198.18.1.2", 2, SERVER, 443)
                + line("ESTABLISHED", "198.18.1.2", 3, SERVER, 443)
                + line("ESTABLISHED", "198.18.2.1", 4, SERVER, 443)
                + line("ESTABLISHED", "fd00:1::10", 5, SERVER6, 443)
                + line("ESTABLISHED", "fd00:1:0:0:ffff::1", 6, SERVER6, 443)
                + line("ESTABLISHED", "fd00:1:0:1::1", 7, SERVER6, 443);

        PortSummary exact = only(run(List.of(entry(443, Protocol.TCP, LimitMode.CONNECTIONS_PER_IP, 9)), text));
        assertEquals(5, exact.addresses()); // 3 v4 at /32; /64 joins fd00:1::10 and fd00:1::ffff:0:0:1
        assertEquals(new AddressCount(IpAddress.parse("198.18.1.2"), 32, 2), exact.perAddress().get(0));
        assertEquals(new AddressCount(IpAddress.parse("fd00:1::"), 64, 2), exact.perAddress().get(1));

        PortSummary wide = only(run(List.of(entry(443, Protocol.TCP, LimitMode.CONNECTIONS_PER_IP, 9, 24, 48)), text));
        assertEquals(List.of(new AddressCount(IpAddress.parse("198.18.1.0"), 24, 3),
                new AddressCount(IpAddress.parse("fd00:1::"), 48, 3),
                new AddressCount(IpAddress.parse("198.18.2.0"), 24, 1)), wide.perAddress());
        assertEquals("198.18.1.0/24", wide.perAddress().get(0).text());

        PortSummary full = only(run(List.of(entry(443, Protocol.TCP, LimitMode.DEVICES, 9, 32, 128)), text));
        assertEquals(7 - 1, full.addresses()); // 198.18.1.2 twice

        // connections mode always lists full addresses, whatever the entry's mask
        PortSummary plain = only(run(List.of(entry(443, Protocol.TCP, LimitMode.CONNECTIONS, 9, 8, 16)), text));
        assertEquals(6, plain.addresses());
        assertEquals(128, plain.perAddress().stream().filter(a -> a.address().family() == Family.V6)
                .findFirst().orElseThrow().prefix());
    }

    @Test
    void overLimitInEachMode() {
        String three = line("ESTABLISHED", "198.18.0.2", 1, SERVER, 443)
                + line("SYN_RECV", "198.18.0.2", 2, SERVER, 443)
                + line("ESTABLISHED", "fd00:2::5", 3, SERVER6, 443)
                + line("TIME_WAIT", "198.18.0.3", 4, SERVER, 443); // closed: no slot, no device
        // connections: 2 IPv4 + 1 IPv6 live, each family compared with the limit
        assertFalse(only(run(List.of(entry(443, Protocol.TCP, LimitMode.CONNECTIONS, 2)), three)).overLimit());
        assertTrue(only(run(List.of(entry(443, Protocol.TCP, LimitMode.CONNECTIONS, 1)), three)).overLimit());
        // per ip: busiest address has 2
        assertFalse(only(run(List.of(entry(443, Protocol.TCP, LimitMode.CONNECTIONS_PER_IP, 2)), three)).overLimit());
        assertTrue(only(run(List.of(entry(443, Protocol.TCP, LimitMode.CONNECTIONS_PER_IP, 1)), three)).overLimit());
        // devices: 2 distinct live addresses
        assertFalse(only(run(List.of(entry(443, Protocol.TCP, LimitMode.DEVICES, 2)), three)).overLimit());
        assertTrue(only(run(List.of(entry(443, Protocol.TCP, LimitMode.DEVICES, 1)), three)).overLimit());
        PortSummary s = only(run(List.of(entry(443, Protocol.TCP, LimitMode.DEVICES, 1)), three));
        assertEquals(3, s.connections());
        assertEquals(4, s.listed());
        assertEquals(2, s.addresses());
        assertEquals("acct443", s.label());
        assertEquals(1, s.max());
        assertEquals(LimitMode.DEVICES, s.mode());
    }

    @Test
    void connectionsCountEachFamilyApartAsConnlimitDoes() {
        String twoPlusOne = line("ESTABLISHED", "198.18.0.2", 1, SERVER, 443)
                + line("ESTABLISHED", "198.18.0.3", 2, SERVER, 443)
                + line("ESTABLISHED", "fd00:2::5", 3, SERVER6, 443);
        PortSummary p = only(run(List.of(entry(443, Protocol.TCP, LimitMode.CONNECTIONS, 2)), twoPlusOne));
        assertEquals(2, p.connectionsV4());
        assertEquals(1, p.connectionsV6());
        assertEquals(3, p.connections());
        assertTrue(p.countsFamiliesApart());
        assertFalse(p.overLimit(), "max 2 admits 2 IPv4 and 2 IPv6 connections: 2 + 1 is within it");

        String twoPlusTwo = twoPlusOne + line("SYN_RECV", "fd00:2::6", 4, SERVER6, 443);
        assertFalse(only(run(List.of(entry(443, Protocol.TCP, LimitMode.CONNECTIONS, 2)), twoPlusTwo)).overLimit());

        String threeV4 = twoPlusOne.replace("fd00:2::5", "198.18.0.4").replace(SERVER6, SERVER);
        PortSummary over = only(run(List.of(entry(443, Protocol.TCP, LimitMode.CONNECTIONS, 2)), threeV4));
        assertEquals(3, over.connectionsV4());
        assertEquals(0, over.connectionsV6());
        assertTrue(over.overLimit(), "3 IPv4 connections are over max 2");

        String threeV6 = line("ESTABLISHED", "fd00:2::5", 1, SERVER6, 443) + line("ESTABLISHED", "fd00:3::5", 2, SERVER6, 443)
                + line("ESTABLISHED", "fd00:4::5", 3, SERVER6, 443) + line("ESTABLISHED", "198.18.0.2", 4, SERVER, 443);
        assertTrue(only(run(List.of(entry(443, Protocol.TCP, LimitMode.CONNECTIONS, 2)), threeV6)).overLimit(),
                "3 IPv6 connections are over max 2");
    }

    @Test
    void connectionsPerIpComparesEachGroupWhichIsOfOneFamily() {
        // One v4 address and one v6 /64 with 2 connections each: within per-ip max 2.
        String text = line("ESTABLISHED", "198.18.0.2", 1, SERVER, 443) + line("ESTABLISHED", "198.18.0.2", 2, SERVER, 443)
                + line("ESTABLISHED", "fd00:2::5", 3, SERVER6, 443) + line("ESTABLISHED", "fd00:2::6", 4, SERVER6, 443);
        PortSummary p = only(run(List.of(entry(443, Protocol.TCP, LimitMode.CONNECTIONS_PER_IP, 2)), text));
        assertEquals(2, p.connectionsV4());
        assertEquals(2, p.connectionsV6());
        assertFalse(p.overLimit());
        assertTrue(only(run(List.of(entry(443, Protocol.TCP, LimitMode.CONNECTIONS_PER_IP, 1)), text)).overLimit());
    }

    @Test
    void protocolBothHasOneCountPerProtocolAsItHasOneRulePerProtocol() {
        String text = line("ESTABLISHED", "198.18.0.2", 1, SERVER, 443) + line("ESTABLISHED", "198.18.0.2", 2, SERVER, 443)
                + line(null, "198.18.0.2", 3, SERVER, 443) + line(null, "198.18.0.2", 4, SERVER, 443);
        for (LimitMode mode : List.of(LimitMode.CONNECTIONS, LimitMode.CONNECTIONS_PER_IP)) {
            PortSummary p = only(run(List.of(entry(443, Protocol.BOTH, mode, 2)), text));
            assertEquals(4, p.connectionsV4());
            assertFalse(p.overLimit(), mode + ": 2 TCP + 2 UDP is within max 2 of each");
            assertTrue(only(run(List.of(entry(443, Protocol.BOTH, mode, 1)), text)).overLimit(), mode.id());
        }
    }

    @Test
    void devicesKeepOneCountForBothFamilies() {
        String text = line("ESTABLISHED", "198.18.0.2", 1, SERVER, 443) + line("ESTABLISHED", "fd00:2::5", 2, SERVER6, 443);
        PortSummary p = only(run(List.of(entry(443, Protocol.TCP, LimitMode.DEVICES, 1)), text));
        assertFalse(p.countsFamiliesApart());
        assertEquals(1, p.connectionsV4());
        assertEquals(1, p.connectionsV6());
        assertTrue(p.overLimit(), "devices: 1 IPv4 + 1 IPv6 address are 2 devices, over max 1");
    }

    @Test
    void refusalsAndTheirRise() {
        LimitEntry both = entry(443, Protocol.BOTH, LimitMode.CONNECTIONS, 5);
        LimitEntry tcp = entry(80, Protocol.TCP, LimitMode.CONNECTIONS, 5);
        ConnectionAggregator agg = new ConnectionAggregator(List.of(both, tcp));
        byte[] none = new byte[0];
        PortKey t443 = new PortKey(443, Protocol.TCP);
        PortKey u443 = new PortKey(443, Protocol.UDP);
        PortKey t80 = new PortKey(80, Protocol.TCP);
        PortKey u80 = new PortKey(80, Protocol.UDP);

        Snapshot first = agg.poll(none, Map.of(t443, 3L, u443, 4L, t80, 10L, u80, 99L), null);
        assertEquals(7, first.port(443, Protocol.BOTH).orElseThrow().refused()); // tcp + udp rules
        assertEquals(10, first.port(80, Protocol.TCP).orElseThrow().refused()); // udp counter not ours
        assertFalse(first.port(443, Protocol.BOTH).orElseThrow().risingRefusals()); // nothing to compare

        Snapshot same = agg.poll(none, Map.of(t443, 3L, u443, 4L, t80, 10L), first);
        assertFalse(same.port(443, Protocol.BOTH).orElseThrow().risingRefusals());
        assertFalse(same.port(80, Protocol.TCP).orElseThrow().risingRefusals());

        Snapshot rising = agg.poll(none, Map.of(t443, 3L, u443, 5L, t80, 10L), same);
        assertTrue(rising.port(443, Protocol.BOTH).orElseThrow().risingRefusals());
        assertFalse(rising.port(80, Protocol.TCP).orElseThrow().risingRefusals());

        Snapshot reset = agg.poll(none, Map.of(t443, 0L, t80, 11L), rising); // rules re-created
        assertFalse(reset.port(443, Protocol.BOTH).orElseThrow().risingRefusals());
        assertEquals(0, reset.port(443, Protocol.BOTH).orElseThrow().refused());
        assertTrue(reset.port(80, Protocol.TCP).orElseThrow().risingRefusals());

        Snapshot keyedBoth = agg.poll(none, Map.of(new PortKey(443, Protocol.BOTH), 2L), reset);
        assertEquals(2, keyedBoth.port(443, Protocol.BOTH).orElseThrow().refused());
        assertTrue(keyedBoth.port(443, Protocol.BOTH).orElseThrow().risingRefusals());
    }

    @Test
    void entryWhoseProtocolChangedIsNotComparedWithTheOldOne() {
        Snapshot before = new ConnectionAggregator(List.of(entry(443, Protocol.TCP, LimitMode.CONNECTIONS, 5)))
                .poll(new byte[0], Map.of(new PortKey(443, Protocol.TCP), 1L), null);
        Snapshot after = new ConnectionAggregator(List.of(entry(443, Protocol.BOTH, LimitMode.CONNECTIONS, 5)))
                .poll(new byte[0], Map.of(new PortKey(443, Protocol.TCP), 9L), before);
        assertFalse(only(after).risingRefusals());
    }

    @Test
    void malformedLinesReachTheSnapshot() {
        Snapshot s = run(List.of(entry(443, Protocol.TCP, LimitMode.CONNECTIONS, 5)),
                "junk\u0000\n" + line("ESTABLISHED", "198.18.0.2", 1, SERVER, 443));
        assertEquals(2, s.lines());
        assertEquals(1, s.malformed());
        assertEquals(List.of("junk\\x00"), s.malformedSamples());
        assertEquals(1, only(s).connections());
        assertTrue(s.parseNanos() > 0);
    }

    @Test
    void noEntriesNoConnections() {
        Snapshot s = run(List.of(), Fixtures.text("conntrack-L.txt"));
        assertEquals(List.of(), s.ports());
        assertEquals(List.of(), s.connections());
        assertEquals(20, s.lines());
    }
}
