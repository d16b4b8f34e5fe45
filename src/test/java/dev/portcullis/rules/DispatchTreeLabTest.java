package dev.portcullis.rules;

import static dev.portcullis.lab.LabClient.Outcome.OK;
import static dev.portcullis.lab.LabClient.Outcome.REFUSED;
import static dev.portcullis.rules.LimitsScriptLabTest.INSTALLED;
import static dev.portcullis.rules.LimitsScriptLabTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.lab.LabClient;
import dev.portcullis.lab.LabClient.Connection;
import dev.portcullis.lab.Shell;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The chain layout in a real kernel: chain PORTCULLIS dispatches each new connection through a
 * balanced tree of chains split by port ranges to the entry's own leaf chain. The tree must limit
 * exactly the entries' ports (the edges of every range included) and nothing between them, and an
 * apply must leave the leaves of unchanged entries alone, so their counts survive.
 */
class DispatchTreeLabTest extends ScriptServerLab {

    /** Two blocks of 20 ports with a gap: the tree splits at 7119/7200, then inside each block. */
    private static final List<Integer> PORTS = IntStream.concat(IntStream.rangeClosed(7100, 7119), IntStream.rangeClosed(7200, 7219))
            .boxed().toList();

    private static List<LimitEntry> entries(List<Integer> ports, int max) {
        return ports.stream().map(p -> LimitEntry.of(p, LimitMode.CONNECTIONS, max)).toList();
    }

    /** The ranges of the dispatch rules (chain PORTCULLIS and its nodes), e.g. "7100:7119". */
    private List<String> ranges() {
        List<String> ranges = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^-A PORTCULLIS(?:-N\\d+)? .*--ctorigdstport (\\d+:\\d+) -g ")
                .matcher(ok(vps.exec("iptables", "-S")).stdout());
        while (m.find()) {
            ranges.add(m.group(1));
        }
        return ranges;
    }

    private static void assertLimitedTo(int max, LabClient client, Supplier<Connection> attempt, String what) {
        List<Connection> held = LabClient.open(max, attempt);
        assertEquals(REFUSED, attempt.get().outcome(), what + ": connection " + (max + 1) + " is refused");
        for (Connection c : held) {
            assertEquals(OK, client.probe(c), what + ": the first " + max + " keep working");
        }
        held.forEach(client::close);
    }

    private static void assertUnlimited(LabClient client, Supplier<Connection> attempt, String what) {
        List<Connection> held = LabClient.open(3, attempt);
        held.forEach(client::close);
        assertEquals(3, held.size(), what);
    }

    @Test
    void theTreeLimitsTheFirstMiddleAndLastPortOfEveryRange_andNothingBetweenThem() {
        // Gap ports: below the first, between the blocks, above the last.
        List<Integer> between = List.of(7099, 7150, 7199, 7220);
        int[] all = IntStream.concat(PORTS.stream().mapToInt(Integer::intValue), between.stream().mapToInt(Integer::intValue)).toArray();
        vps.host().startEchoServer(all);
        LabClient client = lab.host("c1").client();
        ok(LabScript.deploy(vps, entries(PORTS, 1)));

        List<String> ranges = ranges();
        assertTrue(ranges.contains("7100:7119") && ranges.contains("7200:7219"), "a tree, not a list: " + ranges);
        // Every range's first, middle and last port, in both families.
        List<Integer> edges = new ArrayList<>();
        for (String range : ranges) {
            int low = Integer.parseInt(range.split(":")[0]);
            int high = Integer.parseInt(range.split(":")[1]);
            for (int p : new int[] {low, (low + high) / 2, high}) {
                if (!edges.contains(p)) {
                    edges.add(p);
                }
            }
        }
        assertTrue(edges.size() >= 6, "ranges: " + ranges);
        for (int port : edges) {
            assertTrue(PORTS.contains(port), port + " is an entry's port");
            assertLimitedTo(1, client, () -> client.tcp(vps.ipv4(), port), "IPv4 port " + port);
            assertLimitedTo(1, client, () -> client.tcp(vps.ipv6(), port), "IPv6 port " + port);
        }
        for (int port : between) {
            assertUnlimited(client, () -> client.tcp(vps.ipv4(), port), "IPv4 port " + port + " has no entry");
            assertUnlimited(client, () -> client.tcp(vps.ipv6(), port), "IPv6 port " + port + " has no entry");
        }
    }

    @Test
    void addingAndRemovingOtherEntriesKeepsTheCountsOfAnEntryAtItsLimit() {
        vps.host().startEchoServer(7001);
        LabClient client = lab.host("c1").client();
        ok(LabScript.deploy(vps, List.of(LimitEntry.of(7001, LimitMode.CONNECTIONS, 2))));
        List<Connection> held = new ArrayList<>(LabClient.open(2, () -> client.tcp(vps.ipv4(), 7001)));
        held.addAll(LabClient.open(2, () -> client.tcp(vps.ipv6(), 7001)));
        String leaf = "-A PORTCULLIS-7001t2m0 ";

        // One entry added, one removed, then 40 more that reshape the whole tree around it.
        List<Shell.Result> changes = new ArrayList<>();
        changes.add(ok(vps.exec(INSTALLED, "add", "7002", "1", "--mode", "connections")));
        changes.add(ok(vps.exec(INSTALLED, "del", "7002")));
        List<LimitEntry> many = new ArrayList<>(entries(PORTS, 5));
        many.add(LimitEntry.of(7001, LimitMode.CONNECTIONS, 2));
        changes.add(ok(LabScript.deploy(vps, many)));
        changes.add(ok(LabScript.deploy(vps, List.of(LimitEntry.of(7001, LimitMode.CONNECTIONS, 2)))));
        for (Shell.Result change : changes) {
            assertTrue(change.stdout().contains("rules applied"), "each step really applied: " + change.stdout());
            for (String ipt : List.of("iptables", "ip6tables")) {
                assertTrue(ok(vps.exec(ipt + "-save")).stdout().contains(leaf), ipt + ": the entry's leaf is kept");
            }
            // The 2 open connections are still counted: the 3rd is refused, in each family.
            assertEquals(REFUSED, client.tcp(vps.ipv4(), 7001).outcome(), "IPv4 count kept after " + change.stdout());
            assertEquals(REFUSED, client.tcp(vps.ipv6(), 7001).outcome(), "IPv6 count kept after " + change.stdout());
            for (Connection c : held) {
                assertEquals(OK, client.probe(c), "the counted connections keep working");
            }
        }

        // Control: changing the entry itself (its mask) makes a new leaf, which counts from nothing.
        ok(vps.exec(INSTALLED, "add", "7001", "2", "--mode", "connections-per-ip", "--v4-mask", "32"));
        assertEquals(OK, client.tcp(vps.ipv4(), 7001).outcome(), "a new rule does not know the old connections");
    }

    @Test
    void anApplyThatChangesNothingTouchesNoRule() {
        ok(LabScript.deploy(vps, entries(PORTS, 3)));
        // Rule handles change whenever a rule is re-created; counters too would be reset.
        String before = ok(vps.exec("nft", "-a", "list", "ruleset")).stdout();
        Shell.Result again = ok(LabScript.deploy(vps, entries(PORTS, 3)));
        assertTrue(again.stdout().contains("rules unchanged"), again.stdout());
        Shell.Result installed = ok(vps.exec(INSTALLED, "apply"));
        assertTrue(installed.stdout().contains("rules unchanged"), installed.stdout());
        assertEquals(before, ok(vps.exec("nft", "-a", "list", "ruleset")).stdout());

        // A root chain flushed by another tool is noticed by the next apply, which rebuilds it.
        ok(vps.exec("iptables", "-F", "PORTCULLIS"));
        Shell.Result repaired = ok(vps.exec(INSTALLED, "apply"));
        assertTrue(repaired.stdout().contains("rules applied"), repaired.stdout());
        String status = ok(vps.exec(INSTALLED, "status")).stdout();
        assertTrue(status.contains("rules installed"), status);
    }
}
