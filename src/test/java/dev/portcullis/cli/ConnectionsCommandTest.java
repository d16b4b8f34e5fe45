package dev.portcullis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.conntrack.ConnectionAggregator;
import dev.portcullis.conntrack.ConntrackParser;
import dev.portcullis.conntrack.DeviceMember;
import dev.portcullis.conntrack.IpAddress;
import dev.portcullis.conntrack.PortKey;
import dev.portcullis.conntrack.Snapshot;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Protocol;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code connections}: bad input that never reaches a server, and the JSON field names. */
class ConnectionsCommandTest {

    @TempDir
    Path tmp;
    CliRunner cli;

    @BeforeEach
    void setUp() {
        cli = CliRunner.withPasswordServer(tmp, "pw");
    }

    @Test
    void badInputIsExitTwoWithOneLine() {
        assertTrue(cli.badInput("connections", "vps1").err().contains("enabled limits"));
        assertEquals(0, cli.run("limit", "set", "vps1", "8443", "--max", "3").code());
        assertEquals(0, cli.run("limit", "set", "vps1", "9443", "--max", "3", "--disabled").code());
        assertTrue(cli.badInput("connections", "vps1", "--port", "9443").err().contains("[8443]"));
        assertTrue(cli.badInput("connections", "vps1", "--port", "x").err().contains("--port"));
        assertTrue(cli.badInput("connections", "vps1", "--watch", "--interval", "0").err().contains("--interval"));
        assertTrue(cli.badInput("connections", "nosuch").err().contains("nosuch"));
        cli.badInput("connections");
        CliRunner.Result help = cli.raw("connections", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().startsWith("Usage: portcullis connections"), help.out());
    }

    @Test
    void jsonHasTheContractsFieldsAndMembersForEveryPort() throws Exception {
        String lines = "tcp      6 431995 ESTABLISHED src=198.18.1.2 dst=198.18.1.1 sport=40001 dport=443 src=198.18.1.1 dst=198.18.1.2 sport=443 dport=40001 [ASSURED] mark=0 use=1\n"
                + "udp      17 25 src=fd00:1::2 dst=fd00:1::1 sport=33784 dport=8443 src=fd00:1::1 dst=fd00:1::2 sport=8443 dport=33784 mark=0 use=1\n";
        List<LimitEntry> entries = List.of(LimitEntry.of(443, LimitMode.DEVICES, 1).withProtocol(Protocol.BOTH),
                LimitEntry.of(8443, LimitMode.CONNECTIONS_PER_IP, 2).withProtocol(Protocol.UDP));
        Snapshot s = new ConnectionAggregator(entries).aggregate(
                new ConntrackParser().parse(lines.getBytes(StandardCharsets.US_ASCII)),
                Map.of(new PortKey(443, Protocol.BOTH), 5L), null,
                Map.of(new PortKey(443, Protocol.BOTH), List.of(new DeviceMember(IpAddress.parse("198.18.1.2"), 32, 119_500, List.of()))));
        JsonNode doc = new ObjectMapper().readTree(JsonOutput.write(ConnectionsCommand.ConnectionsJson.of("vps1", s)));
        assertEquals(List.of("server", "ports", "connections"), CliRunner.fieldNames(doc));
        assertEquals("vps1", doc.get("server").asText());
        JsonNode devices = doc.get("ports").get(0);
        assertEquals(List.of("port", "protocol", "mode", "max", "perFamily", "connections", "connectionsV4", "connectionsV6",
                "addresses", "refused", "overLimit", "members"), CliRunner.fieldNames(devices));
        assertEquals(false, devices.get("perFamily").asBoolean());
        assertEquals("devices", devices.get("mode").asText());
        assertEquals("both", devices.get("protocol").asText());
        assertEquals(5, devices.get("refused").asLong());
        JsonNode member = devices.get("members").get(0);
        assertEquals(List.of("address", "expiresSeconds", "connections"), CliRunner.fieldNames(member));
        assertEquals("198.18.1.2/32", member.get("address").asText());
        assertEquals(119, member.get("expiresSeconds").asLong());
        assertEquals(40001, member.get("connections").get(0).get("sport").asInt());
        JsonNode other = doc.get("ports").get(1);
        assertTrue(other.get("members").isArray() && other.get("members").isEmpty(), "empty members for other modes");
        JsonNode tcp = doc.get("connections").get(0);
        assertEquals(List.of("protocol", "family", "src", "sport", "dport", "state"), CliRunner.fieldNames(tcp));
        assertEquals("ESTABLISHED", tcp.get("state").asText());
        JsonNode udp = doc.get("connections").get(1);
        assertEquals("ipv6", udp.get("family").asText());
        assertEquals("fd00:1::2", udp.get("src").asText());
        assertTrue(udp.get("state").isNull(), "UDP has no state");
    }

    @Test
    void jsonCountsEachFamilyAndComparesEachWithTheLimit() throws Exception {
        StringBuilder lines = new StringBuilder();
        String[] clients = {"198.18.1.2", "198.18.1.3", "fd00:1::2"};
        for (int i = 0; i < clients.length; i++) {
            String dst = clients[i].contains(":") ? "fd00:1::1" : "198.18.1.1";
            lines.append("tcp      6 431995 ESTABLISHED src=").append(clients[i]).append(" dst=").append(dst)
                    .append(" sport=").append(40001 + i).append(" dport=443 src=").append(dst).append(" dst=")
                    .append(clients[i]).append(" sport=443 dport=").append(40001 + i).append(" [ASSURED] mark=0 use=1\n");
        }
        List<LimitEntry> entries = List.of(LimitEntry.of(443, LimitMode.CONNECTIONS, 2));
        JsonNode port = json(entries, lines.toString()).get("ports").get(0);
        assertEquals(true, port.get("perFamily").asBoolean());
        assertEquals(3, port.get("connections").asInt());
        assertEquals(2, port.get("connectionsV4").asInt());
        assertEquals(1, port.get("connectionsV6").asInt());
        assertEquals(false, port.get("overLimit").asBoolean(), "2 IPv4 + 1 IPv6 is within max 2 of each family");

        JsonNode over = json(List.of(LimitEntry.of(443, LimitMode.CONNECTIONS, 1)), lines.toString()).get("ports").get(0);
        assertEquals(true, over.get("overLimit").asBoolean(), "2 IPv4 connections are over max 1");
    }

    private static JsonNode json(List<LimitEntry> entries, String conntrack) throws Exception {
        Snapshot s = new ConnectionAggregator(entries).aggregate(
                new ConntrackParser().parse(conntrack.getBytes(StandardCharsets.US_ASCII)), Map.of(), null);
        return new ObjectMapper().readTree(JsonOutput.write(ConnectionsCommand.ConnectionsJson.of("vps1", s)));
    }
}
