package dev.portcullis.rules;

import static dev.portcullis.lab.LabClient.Outcome.OK;
import static dev.portcullis.lab.LabClient.Outcome.REFUSED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.lab.LabClient;
import dev.portcullis.lab.LabClient.Connection;
import dev.portcullis.lab.LabHost;
import dev.portcullis.lab.LabVps;
import dev.portcullis.lab.Shell;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Protocol;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The generated script in a real kernel: a lab server ({@link LabVps}, whose /etc, /usr/local and
 * /var/lib are throw-away overlays) runs it; clients in other namespaces open real connections.
 * Every limit is checked from both sides: the first N work (and keep working), the next is refused.
 */
class LimitsScriptLabTest extends ScriptServerLab {

    static final String SCRIPT = "/usr/local/src/portcullis-limits.sh";
    static final String INSTALLED = "/usr/local/sbin/portcullis-limits";
    static final String CONF = "/etc/portcullis/limits.conf";

    // ---- helpers ------------------------------------------------------------------------------

    /** Writes the generated script onto the server and runs {@code bash SCRIPT args...}. */
    Shell.Result deploy(List<LimitEntry> entries, String... args) {
        return LabScript.deploy(vps, entries, args);
    }

    Shell.Result run(String script, String... args) {
        return LabScript.run(vps, script, args);
    }

    static Shell.Result ok(Shell.Result r) {
        assertEquals(0, r.exitCode(), "stdout: " + r.stdout() + "\nstderr: " + r.stderr());
        return r;
    }

    /** Both families' rulesets without comments and counters: what "unchanged" means. */
    String ruleset(String save6, String save4) {
        return normalize(vps.exec(save4).stdout()) + normalize(vps.exec(save6).stdout());
    }

    String ruleset() {
        return ruleset("ip6tables-save", "iptables-save");
    }

    static String normalize(String save) {
        StringBuilder out = new StringBuilder();
        for (String line : save.split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                out.append(line.replaceAll("\\[\\d+:\\d+\\]", "[0:0]")).append('\n');
            }
        }
        return out.toString();
    }

    /** Opens n connections and asserts each one works. */
    static List<Connection> open(int n, java.util.function.Supplier<Connection> opener) {
        return LabClient.open(n, opener);
    }

    /**
     * Opens {@code n} connections that must work, asserts the next attempt is refused ({@code refusal}
     * says how, may be null) and that the first {@code n} still work; returns those.
     */
    static List<Connection> assertFullAfter(int n, LabClient client, java.util.function.Supplier<Connection> attempt,
                                            String refusal) {
        List<Connection> held = open(n, attempt);
        assertEquals(REFUSED, attempt.get().outcome(), refusal);
        assertStillWork(client, held);
        return held;
    }

    static void assertStillWork(LabClient client, List<Connection> held) {
        for (Connection c : held) {
            assertEquals(OK, client.probe(c), "an allowed connection must keep working");
        }
    }

    /**
     * The status row of a port: PORT PROTO MODE MAX GROUP ACTION CONNS ADDRS REFUSED [LABEL]; CONNS is
     * IPv4+IPv6 for connections and connections-per-ip entries, one number for devices.
     */
    String[] statusRow(int port) {
        String status = ok(run(INSTALLED, "status")).stdout();
        for (String line : status.split("\n")) {
            if (line.startsWith(port + " ")) {
                return line.trim().split(" +");
            }
        }
        throw new AssertionError("no status row for " + port + " in:\n" + status);
    }

    // ---- limits enforced ----------------------------------------------------------------------

    @Test
    void exactlyNTcpConnectionsPerFamilyThenReset_andClosingFreesASlot() {
        vps.host().startEchoServer(7001);
        LabClient client = lab.host("c1").client();
        ok(deploy(List.of(LimitEntry.of(7001, LimitMode.CONNECTIONS, 3))));

        List<Connection> v4 = assertFullAfter(3, client, () -> client.tcp(vps.ipv4(), 7001), "the 4th IPv4 connection is reset");
        // connlimit counts each family on its own.
        assertFullAfter(3, client, () -> client.tcp(vps.ipv6(), 7001), "the 4th IPv6 connection is reset");

        String[] row = statusRow(7001);
        assertEquals("3+3", row[6], "open connections, IPv4+IPv6: each family is counted and limited apart");
        assertEquals("2", row[7], "distinct addresses");
        assertEquals("2", row[8], "refused attempts");

        client.close(v4.get(0));
        // The slot frees once the server's side has closed too (connlimit counts CLOSE_WAIT and
        // LAST_ACK): bounded tries, paced so a slow echo server on a loaded machine gets its turn.
        Connection again = null;
        for (int i = 0; i < 50 && (again == null || !again.ok()); i++) {
            if (again != null) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
            again = client.tcp(vps.ipv4(), 7001);
        }
        assertEquals(OK, again.outcome(), "a closed connection frees its slot");
        assertEquals(REFUSED, client.tcp(vps.ipv4(), 7001).outcome(), "and the limit holds again");
    }

    @Test
    void udpIsLimitedLikewiseOnBothFamilies() {
        vps.host().startEchoServer(7002);
        LabClient client = lab.host("c1").client();
        ok(deploy(List.of(LimitEntry.of(7002, LimitMode.CONNECTIONS, 2).withProtocol(Protocol.BOTH))));

        assertFullAfter(2, client, () -> client.udp(vps.ipv4(), 7002), "the 3rd IPv4 UDP flow gets ICMP unreachable");
        assertFullAfter(2, client, () -> client.udp(vps.ipv6(), 7002), "the 3rd IPv6 UDP flow gets ICMP6 unreachable");
        // TCP on the same entry (proto both) has its own count.
        assertFullAfter(2, client, () -> client.tcp(vps.ipv4(), 7002), null);
    }

    @Test
    void perIpModeCountsPerAddressAndPerV6Prefix() {
        vps.host().startEchoServer(7003);
        LabHost c1 = lab.host("c1");
        LabHost c2 = lab.host("c2");
        String otherV4 = lab.ipv4Prefix() + "201";
        String sameSlash64 = lab.ipv6Prefix() + "a:b";
        String otherNet = lab.ipv6Prefix().replace("::", ":1::") + "5";
        c1.addAddress(otherV4 + "/24");
        c1.addAddress(sameSlash64 + "/64");
        c2.addAddress(otherNet + "/64");
        vps.host().exec("ip", "-6", "route", "add", lab.ipv6Prefix().replace("::", ":1::") + "/64", "dev", "eth0");
        LabClient one = c1.client();
        LabClient two = c2.client();
        ok(deploy(List.of(LimitEntry.of(7003, LimitMode.CONNECTIONS_PER_IP, 2))));

        List<Connection> a = open(2, () -> one.tcp(vps.ipv4(), 7003));
        assertEquals(REFUSED, one.tcp(vps.ipv4(), 7003).outcome(), "3rd from one IPv4 address");
        List<Connection> b = open(2, () -> one.tcpFrom(otherV4, vps.ipv4(), 7003));
        assertEquals(REFUSED, one.tcpFrom(otherV4, vps.ipv4(), 7003).outcome(), "3rd from the other IPv4 address");
        List<Connection> c = open(2, () -> two.tcp(vps.ipv4(), 7003));
        assertStillWork(one, a);
        assertStillWork(one, b);
        assertStillWork(two, c);

        // Two addresses of one /64 share a count; another /64 has its own.
        List<Connection> d = new ArrayList<>(open(1, () -> one.tcp(vps.ipv6(), 7003)));
        d.addAll(open(1, () -> one.tcpFrom(sameSlash64, vps.ipv6(), 7003)));
        assertEquals(REFUSED, one.tcpFrom(sameSlash64, vps.ipv6(), 7003).outcome(), "3rd from the same /64");
        assertEquals(REFUSED, one.tcp(vps.ipv6(), 7003).outcome(), "3rd from the same /64");
        List<Connection> e = open(2, () -> two.tcpFrom(otherNet, vps.ipv6(), 7003));
        assertEquals(REFUSED, two.tcpFrom(otherNet, vps.ipv6(), 7003).outcome(), "3rd from the other /64");
        assertStillWork(one, d);
        assertStillWork(two, e);
    }

    @Test
    void observeModeRefusesNothingWhileItsCounterCounts() {
        vps.host().startEchoServer(7004);
        LabClient client = lab.host("c1").client();
        ok(deploy(List.of(LimitEntry.of(7004, LimitMode.CONNECTIONS, 1).withObserve(true).withProtocol(Protocol.BOTH))));

        List<Connection> held = open(4, () -> client.tcp(vps.ipv4(), 7004));
        held.addAll(open(2, () -> client.udp(vps.ipv6(), 7004)));
        assertStillWork(client, held);
        String[] row = statusRow(7004);
        assertEquals("observe", row[5]);
        assertEquals("4", row[8], "3 TCP + 1 UDP attempts would have been refused");
    }

    @Test
    void disabledEntriesInstallNothing() {
        vps.host().startEchoServer(7005, 7006);
        LabClient client = lab.host("c1").client();
        ok(deploy(List.of(
                LimitEntry.of(7005, LimitMode.CONNECTIONS, 1).withEnabled(false),
                LimitEntry.of(7006, LimitMode.DEVICES, 1).withEnabled(false))));
        open(3, () -> client.tcp(vps.ipv4(), 7005));
        open(3, () -> client.tcp(vps.ipv4(), 7006));
        assertFalse(vps.exec("iptables", "-S").stdout().contains("7005"));
        assertNotEquals(0, vps.exec("nft", "list", "table", "inet", "portcullis").exitCode(), "no nftables table");
    }

    // ---- other software's rules, idempotence, remove, boot ------------------------------------

    @Test
    void othersRulesStayInOrder_reapplyChangesNothing_removeRestoresExactly() {
        vps.host().startEchoServer(7001);
        LabClient client = lab.host("c1").client();
        for (String ipt : List.of("iptables", "ip6tables")) {
            String any = ipt.equals("iptables") ? "198.18.250.9" : "fd00:18:fa::9";
            ok(vps.exec(ipt, "-A", "INPUT", "-s", any, "-j", "ACCEPT"));
            ok(vps.exec(ipt, "-N", "ufw-before-input"));
            ok(vps.exec(ipt, "-A", "ufw-before-input", "-p", "tcp", "--dport", "22", "-j", "ACCEPT"));
            ok(vps.exec(ipt, "-A", "INPUT", "-j", "ufw-before-input"));
            ok(vps.exec(ipt, "-N", "DOCKER-USER"));
            ok(vps.exec(ipt, "-A", "DOCKER-USER", "-j", "RETURN"));
        }
        String before = ruleset();

        ok(deploy(List.of(LimitEntry.of(7001, LimitMode.CONNECTIONS, 2))));
        String applied = ruleset();
        for (String ipt : List.of("iptables", "ip6tables")) {
            String input = vps.exec(ipt, "-S", "INPUT").stdout();
            assertTrue(input.contains("-P INPUT ACCEPT\n-A INPUT -m conntrack --ctstate NEW -j PORTCULLIS\n-A INPUT -s "), input);
            assertTrue(input.indexOf("-s ") < input.indexOf("-j ufw-before-input"), "others' order kept: " + input);
            String docker = vps.exec(ipt, "-S", "DOCKER-USER").stdout();
            assertTrue(docker.contains("-A DOCKER-USER -m conntrack --ctstate DNAT -j PORTCULLIS\n-A DOCKER-USER -j RETURN"), docker);
        }
        assertEquals(before, applied.replaceAll("(?m)^.*PORTCULLIS.*\n", "").replace(":PORTCULLIS - [0:0]\n", ""),
                "everything but our chain and jumps is as it was");

        // Re-apply while two connections are held: identical ruleset and the count survives.
        List<Connection> held = open(2, () -> client.tcp(vps.ipv4(), 7001));
        Shell.Result again = ok(deploy(List.of(LimitEntry.of(7001, LimitMode.CONNECTIONS, 2))));
        assertTrue(again.stdout().contains("rules unchanged"), again.stdout());
        assertEquals(applied, ruleset());
        ok(run(INSTALLED, "apply"));
        assertEquals(applied, ruleset());
        assertEquals(REFUSED, client.tcp(vps.ipv4(), 7001).outcome(), "the count was not reset by re-applying");
        assertStillWork(client, held);

        ok(run(INSTALLED, "remove"));
        assertEquals(before, ruleset(), "remove restores exactly the rules that were there");
        for (String path : List.of(INSTALLED, CONF, "/etc/systemd/system/portcullis-limits.service",
                "/etc/cron.d/portcullis-limits", "/etc/portcullis")) {
            assertNotEquals(0, vps.exec("test", "-e", path).exitCode(), path + " should be gone");
        }
        assertEquals(OK, client.tcp(vps.ipv4(), 7001).outcome(), "no limit after remove");
    }

    @Test
    void afterAFlushAsAtBootWhatTheUnitRunsBringsTheRulesBack() {
        vps.host().startEchoServer(7001);
        LabClient client = lab.host("c1").client();
        ok(deploy(List.of(LimitEntry.of(7001, LimitMode.CONNECTIONS, 1))));
        String applied = ruleset();

        // No systemd runs here: the unit is written (and enabled as systemctl would) plus the fallback.
        String unit = vps.readFile("/etc/systemd/system/portcullis-limits.service");
        String execStart = unit.lines().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow()
                .substring("ExecStart=".length());
        assertEquals("/usr/local/sbin/portcullis-limits apply --boot", execStart);
        assertEquals(0, vps.exec("test", "-L", "/etc/systemd/system/multi-user.target.wants/portcullis-limits.service").exitCode());
        assertTrue(vps.readFile("/etc/cron.d/portcullis-limits").contains("@reboot root " + execStart), "fallback hook");

        for (String ipt : List.of("iptables", "ip6tables")) {
            ok(vps.exec(ipt, "-F"));
            ok(vps.exec(ipt, "-X"));
        }
        assertEquals(OK, client.tcp(vps.ipv4(), 7001).outcome(), "no limits while flushed");
        ok(vps.exec(execStart.split(" ")));
        assertEquals(applied, ruleset());
        assertFullAfter(1, client, () -> client.tcp(vps.ipv6(), 7001), "limits are back");
    }

    // ---- add, del, menu -----------------------------------------------------------------------

    @Test
    void addDelAndMenuChangeLimitsConfAndTheRules() {
        vps.host().startEchoServer(7001, 7005, 7006);
        LabClient client = lab.host("c1").client();
        ok(deploy(List.of(LimitEntry.of(7001, LimitMode.CONNECTIONS, 3))));

        ok(run(INSTALLED, "add", "7005", "1", "--label", "علی $(touch /tmp/pcl-pwned) 'x", "--proto", "both", "--mode", "connections"));
        LimitEntry added = LimitEntry.of(7005, LimitMode.CONNECTIONS, 1).withProtocol(Protocol.BOTH)
                .withLabel("علی $(touch /tmp/pcl-pwned) 'x");
        assertEquals(new ScriptGenerator().limitsConf(List.of(LimitEntry.of(7001, LimitMode.CONNECTIONS, 3), added)), vps.readFile(CONF),
                "the script writes limits.conf byte for byte as Portcullis does");
        open(1, () -> client.tcp(vps.ipv4(), 7005));
        assertEquals(REFUSED, client.tcp(vps.ipv4(), 7005).outcome());
        assertTrue(ok(run(INSTALLED, "list")).stdout().contains("علی $(touch /tmp/pcl-pwned) 'x"));

        ok(run(INSTALLED, "del", "7001"));
        assertFalse(vps.readFile(CONF).contains("port=7001"));
        open(5, () -> client.tcp(vps.ipv4(), 7001));

        // The menu, driven through stdin: add 7006 max 1, delete 7005, quit.
        Shell.Result menu = ok(vps.execWithInput("3\n7006\n1\n\n\nmenu label\n4\n7005\n0\n", "bash", INSTALLED, "menu"));
        assertTrue(menu.stdout().contains("choice:"), menu.stdout());
        String conf = vps.readFile(CONF);
        // The menu's default mode is the one of Portcullis: devices.
        assertTrue(conf.contains("port=7006 proto=tcp mode=devices max=1 ") && conf.contains("label=menu%20label"), conf);
        assertFalse(conf.contains("port=7005"), conf);
        open(2, () -> client.tcp(vps.ipv4(), 7006));
        assertEquals(REFUSED, lab.host("c2").client().tcp(vps.ipv4(), 7006).outcome(), "a second device is refused");
        open(3, () -> client.tcp(vps.ipv4(), 7005));
        assertFalse(Files.exists(Path.of("/tmp/pcl-pwned")), "a label is data, never code");

        // --dry-run prints and changes nothing.
        String rules = ruleset();
        Shell.Result dry = ok(run(INSTALLED, "add", "7007", "2", "--mode", "connections-per-ip", "--v4-mask", "24", "--dry-run"));
        assertTrue(dry.stdout().contains("--ctorigdstport 7007 -m connlimit --connlimit-above 2 --connlimit-mask 24"), dry.stdout());
        // --mask: the old name of --v4-mask, still read.
        dry = ok(run(INSTALLED, "add", "7007", "2", "--mode", "connections-per-ip", "--mask", "16", "--dry-run"));
        assertTrue(dry.stdout().contains("--ctorigdstport 7007 -m connlimit --connlimit-above 2 --connlimit-mask 16"), dry.stdout());
        // Without --mode: a devices entry, as from Portcullis.
        dry = ok(run(INSTALLED, "add", "7007", "2", "--dry-run"));
        assertFalse(dry.stdout().contains("--ctorigdstport 7007 -m connlimit"), dry.stdout());
        assertTrue(dry.stdout().contains("dev_7007_tcp"), dry.stdout());
        assertEquals(conf, vps.readFile(CONF));
        assertEquals(rules, ruleset());
    }

    // ---- refusals -------------------------------------------------------------------------------

    @Test
    void everyRefusalIsClearAndChangesNothing() {
        vps.host().startEchoServer(7001);
        ok(deploy(List.of(LimitEntry.of(7001, LimitMode.CONNECTIONS, 3).withLabel("$(touch /tmp/pcl-pwned2)"))));
        String rules = ruleset();
        String conf = vps.readFile(CONF);

        // Not root.
        Shell.Result r = vps.exec("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "bash", INSTALLED, "apply");
        assertEquals(4, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("must run as root"), r.stderr());

        // The port sshd listens on (found with ss), by add and by an exported script.
        ok(vps.exec("mkdir", "-p", "/run/sshd"));
        vps.spawn("/usr/sbin/sshd", "-D", "-p", "7022", "-o", "PidFile=none");
        for (int i = 0; i < 50 && !vps.exec("ss", "-Htln").stdout().contains(":7022"); i++) {
            vps.exec("sleep", "0.1");
        }
        r = run(INSTALLED, "add", "7022", "3");
        assertEquals(3, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("port 7022 is the SSH port"), r.stderr());
        r = deploy(List.of(LimitEntry.of(7022, LimitMode.CONNECTIONS, 3)));
        assertEquals(3, r.exitCode(), r.stderr());

        // Malformed values on the command line.
        for (List<String> args : List.of(List.of("add", "0", "3"), List.of("add", "7001", "abc"),
                List.of("add", "7001", "3", "--proto", "sctp"), List.of("add", "7001", "3", "--mode", "x"),
                List.of("add", "7001", "3", "--mask", "33"), List.of("add", "7001", "3", "--v4-mask", "33"),
                List.of("add", "7001", "3", "--idle", "86401"), List.of("add", "7001", "3", "--label", "a\u001b[31mb"),
                List.of("add", "7001", "3", "--label", "x".repeat(65)), List.of("add", "7001"),
                List.of("del", "99999"), List.of("del", "7009"), List.of("bogus"))) {
            List<String> command = new ArrayList<>(List.of("bash", INSTALLED));
            command.addAll(args);
            r = vps.exec(command.toArray(String[]::new));
            assertEquals(2, r.exitCode(), args + ": " + r.stderr());
            assertEquals(1, r.stderr().strip().lines().count(), "one clear line: " + r.stderr());
        }

        // A malformed limits.conf refuses the whole apply.
        vps.writeFile(CONF, conf + "port=7002 proto=tcp mode=connections max=3 label=$(reboot)\n");
        r = run(INSTALLED, "apply");
        assertEquals(2, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("limits.conf line 6: invalid label"), r.stderr());
        assertEquals(rules, ruleset());
        vps.writeFile(CONF, conf);

        // A system without connlimit (the extension hidden in this server's mount namespace).
        ok(vps.exec("bash", "-c", "mount --bind /dev/null \"$(ls /usr/lib/*/xtables/libxt_connlimit.so | head -n 1)\""));
        r = run(INSTALLED, "add", "7003", "3", "--mode", "connections");
        assertEquals(5, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("lacks the connlimit match"), r.stderr());
        // iptables-save needs the extension to print connlimit rules: unhide it before comparing.
        ok(vps.exec("bash", "-c", "umount \"$(ls /usr/lib/*/xtables/libxt_connlimit.so | head -n 1)\""));

        assertEquals(rules, ruleset(), "no refusal changed the rules");
        assertEquals(conf, vps.readFile(CONF), "no refusal changed limits.conf");
        assertFalse(Files.exists(Path.of("/tmp/pcl-pwned2")), "a label is data, never code");
    }

    // ---- backends -------------------------------------------------------------------------------

    @Test
    void usesTheLegacyBackendWhereTheSystemsRulesAreAndReportsThePackageManager() {
        vps.host().startEchoServer(7001);
        LabClient client = lab.host("c1").client();
        ok(vps.exec("iptables-legacy", "-A", "INPUT", "-s", "198.18.250.9", "-j", "ACCEPT"));
        String check = ok(deploy(List.of(), "check")).stdout();
        assertTrue(check.contains("iptables backend: legacy"), check);
        assertTrue(check.contains("package manager: apt-get"), check);

        ok(deploy(List.of(LimitEntry.of(7001, LimitMode.CONNECTIONS, 1))));
        assertTrue(vps.exec("iptables-legacy", "-S").stdout().contains("--connlimit-above 1"));
        assertNotEquals(0, vps.exec("iptables-nft", "-S", "PORTCULLIS").exitCode(), "nothing in the unused backend");
        assertFullAfter(1, client, () -> client.tcp(vps.ipv4(), 7001), null);
        String legacy = ruleset("ip6tables-legacy-save", "iptables-legacy-save");
        ok(run(INSTALLED, "apply"));
        assertEquals(legacy, ruleset("ip6tables-legacy-save", "iptables-legacy-save"));
        ok(run(INSTALLED, "remove"));
        assertFalse(vps.exec("iptables-legacy-save").stdout().contains("PORTCULLIS"));
        assertTrue(vps.exec("iptables-legacy-save").stdout().contains("-A INPUT -s 198.18.250.9/32 -j ACCEPT"));
    }
}
