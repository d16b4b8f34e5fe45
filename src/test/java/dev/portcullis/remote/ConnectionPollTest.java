package dev.portcullis.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.conntrack.ConnectionAggregator;
import dev.portcullis.conntrack.ConntrackParser;
import dev.portcullis.conntrack.DeviceMember;
import dev.portcullis.conntrack.PortKey;
import dev.portcullis.conntrack.PortSummary;
import dev.portcullis.conntrack.Snapshot;
import dev.portcullis.lab.Lab;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Protocol;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The poll command's text and the reading of its sections (the lab test runs it on a real server). */
class ConnectionPollTest {

    static final List<LimitEntry> ENTRIES = List.of(
            LimitEntry.of(8443, LimitMode.CONNECTIONS_PER_IP, 1).withProtocol(Protocol.BOTH),
            LimitEntry.of(443, LimitMode.DEVICES, 3).withProtocol(Protocol.BOTH),
            LimitEntry.of(9000, LimitMode.CONNECTIONS, 5).withProtocol(Protocol.UDP).withObserve(true));

    static String resource(String path) throws IOException {
        try (InputStream in = ConnectionPollTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String output(boolean complete) throws IOException {
        String m = ConnectionPoll.MARK;
        String conntrack = resource("/conntrack/conntrack-L.txt").lines()
                .filter(l -> l.matches(".*? dport=(8443|443|9000) .*")).reduce("", (a, b) -> a + b + "\n");
        return m + "conntrack\n" + conntrack
                + m + "conntrack-exit 0\n"
                + m + "addresses\n127.0.0.1/8\n198.18.224.1/24\n::1/128\nfd00:1179::1/64\nfe80::1%eth0/64\n\n"
                + m + "rules\n"
                + "Chain PORTCULLIS (1 references)\n"
                + "    pkts      bytes target     prot opt in     out     source               destination\n"
                + "       0        0            all  --  *      *       0.0.0.0/0            0.0.0.0/0            /* portcullis v1 sha256=0123456789abcdef */\n"
                + "       7      420 REJECT     tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            ctstate NEW ctorigdstport 8443 #conn src/32 > 1 /* portcullis 8443/tcp */ reject-with tcp-reset\n"
                + "       2       84 REJECT     udp  --  *      *       0.0.0.0/0            0.0.0.0/0            ctstate NEW ctorigdstport 8443 #conn src/32 > 1 /* portcullis 8443/udp */ reject-with icmp-port-unreachable\n"
                + "       4      200            udp  --  *      *       0.0.0.0/0            0.0.0.0/0            ctstate NEW ctorigdstport 9000 #conn src/0 > 5 /* portcullis 9000/udp observe */\n"
                + "Chain PORTCULLIS (1 references)\n"
                + "    pkts      bytes target     prot opt in     out     source               destination\n"
                + "       3      240 REJECT     tcp  --  *      *       ::/0                 ::/0                 ctstate NEW ctorigdstport 8443 #conn src/64 > 1 /* portcullis 8443/tcp */ reject-with tcp-reset\n"
                + m + "nft-counters\n"
                + "table inet portcullis {\n\tcounter refused_443_both {\n\t\tpackets 11 bytes 660\n\t}\n"
                + "\tcounter refused_7_tcp {\n\t\tpackets 99 bytes 1\n\t}\n}\n"
                + m + "nft-set dev_443_both\n" + resource("/nft/list-set-443.txt")
                + (complete ? m + "end\n" : "");
    }

    @Test
    void readsEverySection() throws IOException {
        ConnectionPoll.Output out = ConnectionPoll.parse(output(true), ENTRIES);
        assertTrue(out.complete());
        assertEquals(0, out.conntrackExit());
        assertEquals(List.of("127.0.0.1", "198.18.224.1", "::1", "fd00:1179::1"),
                out.addresses().stream().map(Object::toString).toList(), "link-local with a zone is left out");
        assertEquals(Map.of(new PortKey(8443, Protocol.TCP), 10L, new PortKey(8443, Protocol.UDP), 2L,
                new PortKey(9000, Protocol.UDP), 4L, new PortKey(443, Protocol.BOTH), 11L,
                new PortKey(7, Protocol.TCP), 99L), out.refused());
        List<DeviceMember> members = out.members().get(new PortKey(443, Protocol.BOTH));
        assertEquals(List.of("10.0.0.1/32", "198.18.1.2/32", "fd00:18:7::/64", "2001:67c:1234::/64"),
                members.stream().map(DeviceMember::text).toList());
        assertTrue(new String(out.conntrack(), StandardCharsets.UTF_8).contains("dport=8443"));
    }

    @Test
    void theSectionsMakeOneSnapshot() throws IOException {
        ConnectionPoll.Output out = ConnectionPoll.parse(output(true), ENTRIES);
        Snapshot s = new ConnectionAggregator(ENTRIES, out.addresses())
                .aggregate(new ConntrackParser().parse(out.conntrack()), out.refused(), null, out.members());
        PortSummary p8443 = s.port(8443, Protocol.BOTH).orElseThrow();
        assertEquals(12, p8443.refused(), "both families, TCP and UDP rules");
        PortSummary p443 = s.port(443, Protocol.BOTH).orElseThrow();
        assertEquals(11, p443.refused());
        assertEquals(4, p443.members().size());
        assertTrue(p443.overLimit(), "4 members of a set of 3");
        assertEquals(4, s.port(9000, Protocol.UDP).orElseThrow().refused(), "observe rules count too");
    }

    @Test
    void outputWithoutTheEndMarkIsIncomplete() throws IOException {
        assertFalse(ConnectionPoll.parse(output(false), ENTRIES).complete());
        assertFalse(ConnectionPoll.parse("", ENTRIES).complete());
        ConnectionPoll.Output none = ConnectionPoll.parse(ConnectionPoll.MARK + "conntrack\n" + ConnectionPoll.MARK
                + "conntrack-exit 3\n" + ConnectionPoll.MARK + "end\n", ENTRIES);
        assertEquals(3, none.conntrackExit());
    }

    @Test
    void theScriptIsValidBashWithoutWarnings_andBoundsItsOutput(@TempDir Path dir) throws Exception {
        String script = ConnectionPoll.script(ENTRIES, 1234);
        assertTrue(script.startsWith("set -- '1234' '443 8443 9000' 'dev_443_both'\n"), script);
        assertTrue(script.strip().endsWith("| head -c \"$max_bytes\""), script);
        assertTrue(script.contains("nft list set inet portcullis \"$set\""), script);
        assertTrue(ConnectionPoll.script(List.of(ENTRIES.get(0)), 10).startsWith("set -- '10' '8443'\n"),
                "no set to list without devices entries");
        Lab.assumeLinux("the connection poll script");
        Path file = dir.resolve("poll.sh");
        Files.writeString(file, "#!/bin/bash\n" + script);
        Process syntax = new ProcessBuilder("bash", "-n", file.toString()).redirectErrorStream(true).start();
        assertTrue(syntax.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, syntax.exitValue(), new String(syntax.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        if (Files.isExecutable(Path.of("/usr/bin/shellcheck"))) {
            Process check = new ProcessBuilder("shellcheck", "-s", "bash", file.toString()).redirectErrorStream(true).start();
            String report = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(check.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, check.exitValue(), report);
        }
    }

    @Test
    void theInstalledPollIsOneShortCommand_andOnlyAMissingOrOlderScriptFallsBack() throws IOException {
        String command = ConnectionPoll.installedCommand(8L << 20);
        assertEquals("/usr/local/sbin/portcullis-limits poll 8388608", command);
        assertTrue(ConnectionPoll.script(ENTRIES, 8L << 20).length() > 20 * command.length(), "what sudo logged before");
        ConnectionPoll.Output cut = ConnectionPoll.parse("", ENTRIES);
        assertTrue(ConnectionPoll.installedPollMissing(new ExecResult(127, "", "bash: no such file"), cut));
        assertTrue(ConnectionPoll.installedPollMissing(new ExecResult(2, "", "unknown command 'poll'"), cut));
        assertFalse(ConnectionPoll.installedPollMissing(new ExecResult(1, "", "failed"), cut), "another failure is reported");
        ConnectionPoll.Output complete = ConnectionPoll.parse(output(true), ENTRIES);
        assertFalse(ConnectionPoll.installedPollMissing(new ExecResult(2, output(true), ""), complete));
    }

    @Test
    void disabledEntriesAreNotWatched() {
        assertEquals(2, ConnectionPoll.watched(List.of(ENTRIES.get(0), ENTRIES.get(1), ENTRIES.get(2).withEnabled(false))).size());
    }
}
