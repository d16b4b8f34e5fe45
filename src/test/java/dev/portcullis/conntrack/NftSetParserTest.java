package dev.portcullis.conntrack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.model.Protocol;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Members of devices sets, read from listings captured from nft 1.0.6 on kernel 6.18 (src/test/resources/nft). */
class NftSetParserTest {

    static String resource(String name) throws IOException {
        try (InputStream in = NftSetParserTest.class.getResourceAsStream("/nft/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void textListingGivesEveryMemberWithItsTimeLeft() throws IOException {
        List<DeviceMember> members = NftSetParser.parse(resource("list-set-443.txt"), 32, 64);
        assertEquals(List.of("10.0.0.1/32", "198.18.1.2/32", "fd00:18:7::/64", "2001:67c:1234::/64"),
                members.stream().map(DeviceMember::text).toList());
        assertEquals(28_888, members.get(0).expiresMillis(), "own timeout 30s, expires 28s888ms");
        assertEquals(118_888, members.get(1).expiresMillis());
        assertEquals(111_988, members.get(3).expiresMillis());
    }

    @Test
    void jsonListingGivesTheSameMembersInWholeSeconds() throws IOException {
        List<DeviceMember> text = NftSetParser.parse(resource("list-set-443.txt"), 32, 64);
        List<DeviceMember> json = NftSetParser.parse(resource("list-set-443.json"), 32, 64);
        assertEquals(text.stream().map(DeviceMember::text).toList(), json.stream().map(DeviceMember::text).toList());
        assertEquals(List.of(28_000L, 118_000L, 118_000L, 111_000L), json.stream().map(DeviceMember::expiresMillis).toList());
    }

    @Test
    void groupsFollowTheEntrysMaskAndPrefix_andLongDurationsAdd() throws IOException {
        List<DeviceMember> members = NftSetParser.parse(resource("list-set-8443.txt"), 24, 56);
        assertEquals(List.of("198.18.1.0/24", "2a01:4f8:abcd::/56"), members.stream().map(DeviceMember::text).toList());
        assertEquals(59 * 60_000 + 51_944, members.get(0).expiresMillis());
        assertEquals(86_400_000L + 3_600_000L + 59 * 60_000 + 51_944, members.get(1).expiresMillis());
        assertEquals(2, NftSetParser.parse(resource("list-set-8443.json"), 24, 56).size());
    }

    @Test
    void anEmptySetOrNoListingHasNoMembers() {
        assertTrue(NftSetParser.parse("table inet portcullis {\n\tset dev_1_tcp {\n\t\tsize 2\n\t}\n}\n").isEmpty());
        assertTrue(NftSetParser.parse("").isEmpty());
    }

    @Test
    void connectionsGoToTheMemberWhoseGroupHoldsTheirSource() throws IOException {
        List<DeviceMember> members = NftSetParser.parse(resource("list-set-443.txt"), 32, 64);
        IpAddress server = IpAddress.parse("198.18.1.1");
        List<Connection> connections = List.of(
                connection("198.18.1.2", server, 40001),
                connection("198.18.1.2", server, 40002),
                connection("fd00:18:7::abcd", IpAddress.parse("fd00:18:7::1"), 40003),
                connection("fd00:18:7::1:2", IpAddress.parse("fd00:18:7::1"), 40004),
                connection("198.18.1.3", server, 40005));
        List<DeviceMember> assigned = DeviceMember.assign(members, connections);
        assertEquals(List.of(0, 2, 2, 0), assigned.stream().map(m -> m.connections().size()).toList());
        assertEquals(40003, assigned.get(2).connections().get(0).sport());
    }

    @Test
    void theAggregatorGivesADevicesEntryItsMembersAndTheirConnections() throws IOException {
        String conntrack = String.join("", List.of(
                line("198.18.1.2", "198.18.1.1", 40001), line("198.18.1.2", "198.18.1.1", 40002),
                line("fd00:18:7::abcd", "fd00:18:7::1", 40003), line("198.18.1.9", "198.18.1.1", 40004)));
        dev.portcullis.model.LimitEntry entry = dev.portcullis.model.LimitEntry.of(443,
                dev.portcullis.model.LimitMode.DEVICES, 5).withProtocol(Protocol.BOTH);
        ConnectionAggregator aggregator = new ConnectionAggregator(List.of(entry));
        ParseResult parsed = new ConntrackParser().parse(conntrack.getBytes(StandardCharsets.US_ASCII));
        java.util.Map<PortKey, List<DeviceMember>> sets = java.util.Map.of(new PortKey(443, Protocol.BOTH),
                NftSetParser.parse(resource("list-set-443.txt"), entry.v4Mask(), entry.v6Prefix()));
        PortSummary summary = aggregator.aggregate(parsed, java.util.Map.of(), null, sets).ports().get(0);
        assertEquals(4, summary.members().size());
        assertEquals(List.of(0, 2, 1, 0), summary.members().stream().map(m -> m.connections().size()).toList());
        assertEquals(4, summary.connections(), "198.18.1.9 holds a connection but no slot (opened before the limit)");
        assertTrue(aggregator.aggregate(parsed, java.util.Map.of(), null).ports().get(0).members().isEmpty());
    }

    private static String line(String src, String dst, int sport) {
        return (src.contains(":") ? "ipv6     10 " : "ipv4     2 ")
                + "tcp      6 431999 ESTABLISHED src=" + src + " dst=" + dst + " sport=" + sport
                + " dport=443 src=" + dst + " dst=" + src + " sport=443 dport=" + sport + " [ASSURED] mark=0 use=1\n";
    }

    private static Connection connection(String src, IpAddress dst, int sport) {
        String line = (src.contains(":") ? "ipv6     10 " : "ipv4     2 ")
                + "tcp      6 431999 ESTABLISHED src=" + src + " dst=" + dst + " sport=" + sport
                + " dport=443 src=" + dst + " dst=" + src + " sport=443 dport=" + sport + " [ASSURED] mark=0 use=1\n";
        ParseResult parsed = new ConntrackParser().parse(line.getBytes(StandardCharsets.US_ASCII));
        assertEquals(1, parsed.connections().size(), line);
        Connection c = parsed.connections().get(0);
        assertEquals(Protocol.TCP, c.protocol());
        return c;
    }
}
