package dev.portcullis.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Protocol;
import dev.portcullis.rules.LimitsConf;
import dev.portcullis.rules.ScriptGenerator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Drift between the store's entries and a server's limits.conf and PORTCULLIS rules. */
class PlannerTest {

    private final ScriptSource scripts = new GeneratedScripts(new ScriptGenerator(), server -> List.of());
    private final List<LimitEntry> entries = List.of(
            LimitEntry.of(443, LimitMode.CONNECTIONS_PER_IP, 4),
            LimitEntry.of(9000, LimitMode.CONNECTIONS, 20).withProtocol(Protocol.BOTH));

    private static String conf(List<LimitEntry> list) {
        return LimitsConf.render(list);
    }

    private Deployment expected(List<LimitEntry> list) {
        return new Deployment("#!/bin/bash\n", conf(list), list);
    }

    /** PORTCULLIS lines as iptables-save prints what the generated script installs. */
    private static List<String> lines(List<LimitEntry> list, boolean v6) {
        List<String> out = new ArrayList<>();
        out.add(":PORTCULLIS - [0:0]");
        out.add("-A INPUT -m conntrack --ctstate NEW -j PORTCULLIS");
        out.add("-A PORTCULLIS -m comment --comment \"portcullis v1 sha256=0123456789abcdef\"");
        for (LimitEntry e : list) {
            int mask = e.mode() == LimitMode.CONNECTIONS ? 0 : v6 ? e.v6Prefix() : e.v4Mask();
            for (String p : e.protocol() == Protocol.BOTH ? List.of("tcp", "udp") : List.of(e.protocol().id())) {
                out.add("-A PORTCULLIS -p " + p + " -m conntrack --ctstate NEW --ctorigdstport " + e.port()
                        + " -m connlimit --connlimit-above " + e.max() + " --connlimit-mask " + mask
                        + " --connlimit-saddr -m comment --comment \"portcullis " + e.port() + "/" + p + "\" -j REJECT");
            }
        }
        return out;
    }

    private ServerState installed(List<LimitEntry> list) {
        return new ServerState(conf(list), lines(list, false), lines(list, true), "");
    }

    @Test
    void aServerThatMatchesHasNoChanges() {
        assertEquals(List.of(), Planner.compare(expected(entries), installed(entries), scripts));
    }

    @Test
    void aFreshServerNeedsEverything() {
        List<Change> changes = Planner.compare(expected(entries), new ServerState(null, List.of(), List.of(), ""), scripts);
        assertEquals(Change.Kind.NOT_INSTALLED, changes.get(0).kind());
        assertEquals(3, changes.size());
    }

    @Test
    void addedRemovedAndChangedEntriesAreNamed() {
        List<LimitEntry> onServer = List.of(LimitEntry.of(443, LimitMode.CONNECTIONS_PER_IP, 9), LimitEntry.of(1234, LimitMode.CONNECTIONS, 1));
        List<Change> changes = Planner.compare(expected(entries), installed(onServer), scripts);
        assertTrue(changes.contains(new Change(Change.Kind.CHANGE, "443/tcp",
                "server has connections-per-ip max 9 /32 /64, store has connections-per-ip max 4 /32 /64")), changes.toString());
        assertTrue(changes.contains(new Change(Change.Kind.ADD, "9000/both", "connections max 20")), changes.toString());
        assertTrue(changes.contains(new Change(Change.Kind.REMOVE, "1234/tcp", "only on the server: connections max 1")), changes.toString());
        assertTrue(changes.stream().anyMatch(c -> c.kind() == Change.Kind.RULE_EXTRA && c.target().equals("1234/tcp")), changes.toString());
    }

    @Test
    void missingKernelRulesAndAMissingJumpAreFound() {
        ServerState full = installed(entries);
        List<String> v6 = full.ipv6Rules().stream().filter(l -> !l.contains("--ctorigdstport 443 ")).toList();
        List<String> v4 = full.ipv4Rules().stream().filter(l -> !l.startsWith("-A INPUT")).toList();
        List<Change> changes = Planner.compare(expected(entries), new ServerState(full.limitsConf(), v4, v6, ""), scripts);
        assertEquals(List.of(
                new Change(Change.Kind.RULE_MISSING, "443/tcp", "IPv6 tcp rule (max 4) not in ip6tables"),
                new Change(Change.Kind.RULE_MISSING, "*", "no jump from INPUT to PORTCULLIS in iptables")), changes);
    }

    @Test
    void aRuleWithTheWrongMaskOrMaxDoesNotCount() {
        ServerState full = installed(entries);
        List<String> v4 = full.ipv4Rules().stream().map(l -> l.replace("--connlimit-mask 32", "--connlimit-mask 24")).toList();
        List<Change> changes = Planner.compare(expected(entries), new ServerState(full.limitsConf(), v4, full.ipv6Rules(), ""), scripts);
        assertEquals(2, changes.size(), changes.toString());
        assertEquals(Change.Kind.RULE_MISSING, changes.get(0).kind());
        assertEquals(Change.Kind.RULE_EXTRA, changes.get(1).kind());
    }

    @Test
    void rulesAsIptablesSavePrintsThem() {
        List<Planner.Rule> rules = Planner.rules(List.of(
                "-A PORTCULLIS -p tcp -m tcp --dport 443 -m connlimit --connlimit-above 5 --connlimit-mask 32 --connlimit-saddr -j REJECT --reject-with tcp-reset",
                "-A PORTCULLIS -p udp -m multiport --dports 53,100:102 -m connlimit --connlimit-above 2 --connlimit-mask 0 --connlimit-saddr -j DROP",
                "-A PORTCULLIS -m conntrack --ctstate ESTABLISHED -j RETURN"));
        assertEquals(List.of(new Planner.Rule("tcp", List.of(443), 5, 32), new Planner.Rule("udp", List.of(53, 100, 101, 102), 2, 0)), rules);
        // the generated script matches the original destination port (Docker-published ports too)
        assertEquals(List.of(new Planner.Rule("tcp", List.of(8443), 3, 64)), Planner.rules(List.of(
                "-A PORTCULLIS -p tcp -m conntrack --ctstate NEW --ctorigdstport 8443 -m connlimit --connlimit-above 3 "
                        + "--connlimit-mask 64 --connlimit-saddr -m comment --comment \"portcullis 8443/tcp\" -j REJECT --reject-with tcp-reset")));
    }

    @Test
    void devicesEntriesAreCheckedInTheNftTable() {
        List<LimitEntry> devices = List.of(LimitEntry.of(8443, LimitMode.DEVICES, 3).withProtocol(Protocol.BOTH));
        ServerState noTable = new ServerState(conf(devices), List.of(), List.of(), "");
        assertEquals(2, Planner.compare(expected(devices), noTable, scripts).size(), "tcp and udp missing");
        // as 'nft list table inet portcullis' prints the map the generated script fills
        String table = "table inet portcullis {\n\tmap ports {\n\t\ttype inet_proto . inet_service : verdict\n"
                + "\t\telements = { udp . 8443 : jump dev_8443_both,\n\t\t\t     tcp . 8443 : jump dev_8443_both }\n\t}\n}";
        assertEquals(List.of(), Planner.compare(expected(devices), new ServerState(conf(devices), List.of(), List.of(), table), scripts));
        String tcpOnly = table.replace("udp . 8443 : jump dev_8443_both,\n\t\t\t     ", "");
        assertEquals(List.of(new Change(Change.Kind.RULE_MISSING, "8443/both", "no nftables udp element for port 8443 in table inet portcullis")),
                Planner.compare(expected(devices), new ServerState(conf(devices), List.of(), List.of(), tcpOnly), scripts));
    }

    @Test
    void stateOutputIsParsedAndAnIncompleteOneRefused() {
        ServerState s = ServerState.parse("@@conf\n# c\nport=443 proto=tcp\n\n@@v4\n-A INPUT -j PORTCULLIS\n@@v6\n@@nft\n@@end\n");
        assertEquals("# c\nport=443 proto=tcp\n", s.limitsConf());
        assertEquals(List.of("-A INPUT -j PORTCULLIS"), s.ipv4Rules());
        assertEquals(List.of(), s.ipv6Rules());
        ServerState none = ServerState.parse("@@conf\n@@missing\n@@v4\n@@v6\n@@nft\n@@end\n");
        assertTrue(!none.installed());
        assertThrows(IllegalArgumentException.class, () -> ServerState.parse("@@conf\n@@missing\n@@v4\n"));
    }
}
