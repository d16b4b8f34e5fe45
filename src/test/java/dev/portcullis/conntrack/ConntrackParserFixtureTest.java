package dev.portcullis.conntrack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real captured tables: see capture-fixtures.sh for what was opened. */
class ConntrackParserFixtureTest {

    /** protocol dport family state -> connections, exactly what the capture opened. */
    private static final Map<String, Integer> FULL_TABLE = new TreeMap<>(Map.ofEntries(
            Map.entry("tcp 8443 ipv4 ESTABLISHED", 3),
            Map.entry("tcp 8443 ipv6 ESTABLISHED", 2),
            Map.entry("tcp 8080 ipv4 TIME_WAIT", 2),
            Map.entry("tcp 8081 ipv4 CLOSE_WAIT", 1),
            Map.entry("tcp 8081 ipv6 CLOSE_WAIT", 1),
            Map.entry("tcp 9997 ipv4 SYN_RECV", 1),
            Map.entry("tcp 9999 ipv6 ESTABLISHED", 1),
            Map.entry("tcp 9999 ipv6 SYN_SENT", 2),
            Map.entry("tcp 2222 ipv4 ESTABLISHED", 1),
            Map.entry("tcp 2223 ipv4 SYN_SENT", 1),
            Map.entry("udp 8443 ipv4 -", 1),
            Map.entry("udp 8443 ipv6 -", 1),
            Map.entry("udp 5353 ipv4 -", 1)));

    private static Map<String, Integer> table(ParseResult r) {
        return r.connections().stream().collect(Collectors.toMap(
                c -> c.protocol().id() + " " + c.dport() + " " + c.family().id() + " "
                        + (c.state() == null ? "-" : c.state().name()),
                c -> 1, Integer::sum, TreeMap::new));
    }

    @ParameterizedTest
    @ValueSource(strings = {"conntrack-L.txt", "conntrack-L-extended.txt", "conntrack-L-id.txt",
            "proc-nf_conntrack.txt"})
    void everyFormatOfTheFullTableGivesTheSameConnections(String fixture) {
        ParseResult r = new ConntrackParser().parse(Fixtures.bytes(fixture));
        assertEquals(20, r.lines());
        assertEquals(18, r.connections().size());
        assertEquals(2, r.otherProtocols()); // one icmp, one icmpv6
        assertEquals(0, r.malformed());
        assertEquals(List.of(), r.malformedSamples());
        assertEquals(FULL_TABLE, table(r));
        assertEquals(12, r.connections().stream().filter(Connection::assured).count());
        assertEquals(4, r.connections().stream().filter(Connection::unreplied).count());
        assertEquals(16, r.connections().stream().filter(Connection::holdsSlot).count());
    }

    @Test
    void procFullLengthIpv6EqualsTheToolsCompressedForm() {
        List<Connection> tool = new ConntrackParser().parse(Fixtures.bytes("conntrack-L.txt")).connections();
        List<Connection> proc = new ConntrackParser().parse(Fixtures.bytes("proc-nf_conntrack.txt")).connections();
        assertEquals(tool, proc); // same order, same records: addresses compare equal
        Connection v6 = proc.stream().filter(c -> c.family() == Family.V6).findFirst().orElseThrow();
        assertEquals(IpAddress.parse(Fixtures.CLIENT_V6), v6.src());
        assertEquals(IpAddress.parse(Fixtures.SERVER_V6), v6.dst());
    }

    @Test
    void ipv6OnlyListing() {
        ParseResult r = new ConntrackParser().parse(Fixtures.bytes("conntrack-L-ipv6.txt"));
        assertEquals(8, r.lines());
        assertEquals(7, r.connections().size());
        assertEquals(1, r.otherProtocols());
        assertEquals(0, r.malformed());
        assertTrue(r.connections().stream().allMatch(c -> c.family() == Family.V6));
    }

    @Test
    void readsEveryFieldOfARealLine() {
        // tcp 6 115 SYN_SENT src=fd00:1179::2 dst=fd00:1179::1 sport=57610 dport=9999 [UNREPLIED]
        //   src=fd00:1179::1 dst=fd00:1179::2 sport=9999 dport=57610 mark=0 use=1
        Connection c = new ConntrackParser().parse(Fixtures.bytes("conntrack-L.txt")).connections().stream()
                .filter(x -> x.sport() == 57610).findFirst().orElseThrow();
        assertEquals(dev.portcullis.model.Protocol.TCP, c.protocol());
        assertEquals(Family.V6, c.family());
        assertEquals(IpAddress.parse(Fixtures.CLIENT_V6), c.src());
        assertEquals(IpAddress.parse(Fixtures.SERVER_V6), c.dst());
        assertEquals(9999, c.dport());
        assertEquals(TcpState.SYN_SENT, c.state());
        assertTrue(c.unreplied());
        assertFalse(c.assured());
        assertEquals(c.dst(), c.replySrc());
        assertEquals(c.src(), c.replyDst());
        assertEquals(9999, c.replySport());
        assertEquals(57610, c.replyDport());

        Connection udp = new ConntrackParser().parse(Fixtures.bytes("conntrack-L.txt")).connections().stream()
                .filter(x -> x.dport() == 5353).findFirst().orElseThrow();
        assertNull(udp.state());
        assertEquals("", udp.stateName());
        assertTrue(udp.unreplied());
        assertTrue(udp.holdsSlot());
    }

    @Test
    void streamGivesWhatBytesGive() throws IOException {
        byte[] text = Fixtures.bytes("proc-nf_conntrack.txt");
        ParseResult fromStream = new ConntrackParser().parse(new ByteArrayInputStream(text));
        ParseResult fromBytes = new ConntrackParser().parse(text);
        assertEquals(fromBytes, fromStream);
    }
}
