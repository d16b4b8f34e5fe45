package dev.portcullis.rules;

import static dev.portcullis.rules.LimitsScriptLabTest.INSTALLED;
import static dev.portcullis.rules.LimitsScriptLabTest.assertStillWork;
import static dev.portcullis.rules.LimitsScriptLabTest.ok;
import static dev.portcullis.rules.LimitsScriptLabTest.open;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.conntrack.DeviceMember;
import dev.portcullis.conntrack.NftSetParser;
import dev.portcullis.lab.LabClient;
import dev.portcullis.lab.LabClient.Connection;
import dev.portcullis.lab.LabHost;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@code poll} and {@code status} ask the system for (each nft or iptables-save call costs
 * tens of milliseconds with a thousand entries, so none may be made per entry), and that what they
 * then report still is exactly the connections that were opened, over IPv4 and IPv6. Calls are
 * counted by wrappers in the server's own /usr/local/sbin, first on the script's PATH.
 */
class PollCostLabTest extends ScriptServerLab {

    static final int PORT = 7301;
    static final String CALLS = "/run/lab-tool-calls";
    static final List<String> TOOLS = List.of("nft", "iptables-save", "ip6tables-save", "iptables-nft-save",
            "ip6tables-nft-save", "iptables-legacy-save", "ip6tables-legacy-save");

    private LabClient c1;
    private LabClient c2;

    @BeforeEach
    void startClients() {
        vps.host().startEchoServer(PORT, PORT + 1, PORT + 2, PORT + 3, PORT + 4, PORT + 5);
        LabHost h1 = lab.host("c1");
        LabHost h2 = lab.host("c2");
        c1 = h1.client();
        c2 = h2.client();
    }

    /** Wraps each tool the server has: every call is logged as one line "TOOL ARGS". */
    void countCalls() {
        for (String tool : TOOLS) {
            String real = vps.exec("bash", "-c", "command -v " + tool).stdout().strip();
            if (real.isEmpty()) {
                continue;
            }
            vps.writeFile("/usr/local/sbin/" + tool,
                    "#!/bin/sh\necho \"" + tool + " $*\" >>" + CALLS + "\nexec " + real + " \"$@\"\n");
            ok(vps.exec("chmod", "0755", "/usr/local/sbin/" + tool));
        }
    }

    /** Runs the installed script's COMMAND; returns its output and, per tool, how often it was called. */
    record Run(String out, Map<String, Integer> calls) {
        int calls(String prefix) {
            return calls.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToInt(Map.Entry::getValue).sum();
        }
    }

    Run run(String command) {
        ok(vps.exec("rm", "-f", CALLS));
        String out = ok(vps.exec(INSTALLED, command)).stdout();
        Map<String, Integer> calls = new TreeMap<>();
        String log = vps.exec("bash", "-c", "cat " + CALLS + " 2>/dev/null || true").stdout();
        log.lines().forEach(l -> calls.merge(l.split(" ")[0], 1, Integer::sum));
        return new Run(out, calls);
    }

    /** The text of one poll section ("@@portcullis NAME" up to the next mark). */
    static String section(String poll, String name) {
        String mark = "@@portcullis ";
        int at = poll.indexOf(mark + name + "\n");
        assertTrue(at >= 0, "no section " + name + " in " + poll);
        int from = at + mark.length() + name.length() + 1;
        int to = poll.indexOf(mark, from);
        return poll.substring(from, to < 0 ? poll.length() : to);
    }

    static String[] row(String status, int port) {
        String row = status.lines().filter(l -> l.startsWith(port + " ")).findFirst().orElseThrow(() -> new AssertionError(status));
        return row.trim().split(" +");
    }

    static LimitEntry devices(int port) {
        return LimitEntry.of(port, LimitMode.DEVICES, 5).withProtocol(Protocol.BOTH);
    }

    @Test
    void pollAndStatusListTheNftablesTableOnceForAllDevicesEntries_pollReadsNoIptablesWithoutConnectionsEntries() {
        ok(LabScript.deploy(vps, List.of(devices(PORT), devices(PORT + 1), devices(PORT + 2), devices(PORT + 3))));
        List<Connection> held = new ArrayList<>(open(3, () -> c1.tcp(vps.ipv4(), PORT)));
        held.addAll(open(2, () -> c2.tcp(vps.ipv6(), PORT)));
        List<Connection> second = open(1, () -> c2.tcp(vps.ipv6(), PORT + 1));
        countCalls();

        Run poll = run("poll");
        assertEquals(1, poll.calls("nft"), "one nft call for four devices entries: " + poll.calls());
        assertEquals(0, poll.calls("ip"), "no iptables rules to read: " + poll.calls());
        List<DeviceMember> members = NftSetParser.parse(section(poll.out(), "nft-set dev_" + PORT + "_both"));
        assertEquals(2, members.size(), poll.out());
        assertEquals(1, NftSetParser.parse(section(poll.out(), "nft-set dev_" + (PORT + 1) + "_both")).size(), poll.out());
        assertEquals(0, NftSetParser.parse(section(poll.out(), "nft-set dev_" + (PORT + 2) + "_both")).size(), poll.out());
        assertTrue(section(poll.out(), "nft-counters").contains("counter refused_" + (PORT + 3) + "_both {"), poll.out());
        String conntrack = section(poll.out(), "conntrack");
        assertEquals(6, conntrack.lines().filter(l -> l.contains(" dport=" + PORT + " ") || l.contains(" dport=" + (PORT + 1) + " ")).count(),
                conntrack);

        Run status = run("status");
        // One call checks that the table is there, one lists it.
        assertTrue(status.calls("nft") <= 2, "nft calls of status: " + status.calls());
        assertEquals("5", row(status.out(), PORT)[6], status.out());
        assertEquals("2", row(status.out(), PORT)[7], status.out());
        assertEquals("1", row(status.out(), PORT + 1)[7], status.out());
        assertEquals("0", row(status.out(), PORT + 2)[7], status.out());
        assertTrue(status.out().contains(PORT + "/both: 2 of 5 devices"), status.out());
        assertTrue(status.out().contains(lab.ipv6Prefix() + "/64"), status.out());
        assertStillWork(c1, held.subList(0, 3));
        assertStillWork(c2, held.subList(3, 5));
        assertStillWork(c2, second);
    }

    @Test
    void statusShowsEveryEntrysConnectionsPerFamily_labels_disabledAndObserveEntries() {
        ok(LabScript.deploy(vps, List.of(
                LimitEntry.of(PORT, LimitMode.CONNECTIONS, 10).withLabel("Café ✓ 50%"),
                LimitEntry.of(PORT + 1, LimitMode.CONNECTIONS_PER_IP, 10).withProtocol(Protocol.BOTH),
                LimitEntry.of(PORT + 2, LimitMode.CONNECTIONS, 10).withEnabled(false),
                LimitEntry.of(PORT + 3, LimitMode.CONNECTIONS, 10).withObserve(true),
                devices(PORT + 4).withLabel("devices"))));
        List<Connection> held = new ArrayList<>(open(2, () -> c1.tcp(vps.ipv4(), PORT)));
        held.addAll(open(1, () -> c2.tcp(vps.ipv6(), PORT)));
        List<Connection> udp = open(1, () -> c1.udp(vps.ipv4(), PORT + 1));
        List<Connection> perIp = open(2, () -> c2.tcp(vps.ipv6(), PORT + 1));
        List<Connection> devices = open(1, () -> c1.tcp(vps.ipv4(), PORT + 4));
        countCalls();

        Run status = run("status");
        String[] total = row(status.out(), PORT);
        assertEquals("2+1", total[6], status.out());
        assertEquals("2", total[7], status.out());
        assertTrue(status.out().lines().anyMatch(l -> l.startsWith(PORT + " ") && l.endsWith("  Café ✓ 50%")), status.out());
        String[] both = row(status.out(), PORT + 1);
        assertEquals("/32,/64", both[4], status.out());
        assertEquals("1+2", both[6], "one UDP flow over IPv4, two TCP connections over IPv6: " + status.out());
        assertEquals("2", both[7], status.out());
        assertEquals("disabled", row(status.out(), PORT + 2)[5], status.out());
        assertEquals("observe", row(status.out(), PORT + 3)[5], status.out());
        assertEquals("1", row(status.out(), PORT + 4)[7], status.out());
        assertTrue(status.out().contains(PORT + 4 + "/both: 1 of 5 devices"), status.out());

        Run poll = run("poll");
        assertTrue(poll.calls("ip") >= 1, "connections entries: their rules are read: " + poll.calls());
        assertTrue(section(poll.out(), "rules").contains("/* portcullis " + PORT + "/tcp */"), poll.out());
        assertStillWork(c1, held.subList(0, 2));
        assertStillWork(c2, held.subList(2, 3));
        assertStillWork(c1, udp);
        assertStillWork(c2, perIp);
        assertStillWork(c1, devices);
    }
}
