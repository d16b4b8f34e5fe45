package dev.portcullis.rules;

import static dev.portcullis.lab.LabClient.Outcome.OK;
import static dev.portcullis.lab.LabClient.Outcome.REFUSED;
import static dev.portcullis.rules.LimitsScriptLabTest.CONF;
import static dev.portcullis.rules.LimitsScriptLabTest.INSTALLED;
import static dev.portcullis.rules.LimitsScriptLabTest.SCRIPT;
import static dev.portcullis.rules.LimitsScriptLabTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.lab.LabBackends;
import dev.portcullis.lab.LabClient;
import dev.portcullis.lab.LabClient.Connection;
import dev.portcullis.lab.Shell;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Protocol;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The script where things go wrong, in a real kernel: a stale PORTCULLIS chain in the iptables
 * backend not chosen, a step that fails after earlier ones were committed, a lock that another
 * user or a dead process holds.
 */
class ScriptSafetyLabTest extends ScriptServerLab {

    Shell.Result deploy(List<LimitEntry> entries, String... args) {
        return LabScript.deploy(vps, entries, args);
    }

    /** Both families' rulesets of one backend, without comments and counters. */
    String ruleset(String backend) {
        return LimitsScriptLabTest.normalize(vps.exec("iptables-" + backend + "-save").stdout())
                + LimitsScriptLabTest.normalize(vps.exec("ip6tables-" + backend + "-save").stdout());
    }

    static List<Connection> open(int n, Supplier<Connection> opener) {
        return LimitsScriptLabTest.open(n, opener);
    }

    static String withoutChain(String ruleset) {
        return ruleset.replaceAll("(?m)^(?::PORTCULLIS-|-A PORTCULLIS[- ]).*\n", "");
    }

    // ---- item: backend switch ---------------------------------------------------------------------

    @Test
    void aStaleChainInTheOtherBackendIsRemoved_theChoiceIsRecordedAndKept() {
        vps.host().startEchoServer(7001);
        LabClient client = lab.host("c1").client();
        // An earlier run left PORTCULLIS in nft (max 1); since then the system's rules are in legacy.
        LabBackends.staleChain(vps, "nft", 7001, 1);
        LabBackends.systemRules(vps, "legacy", 10);

        ok(deploy(List.of(LimitEntry.of(7001, LimitMode.CONNECTIONS, 3))));
        assertNotEquals(0, vps.exec("iptables-nft", "-S", "PORTCULLIS").exitCode(), "no chain left in nft (IPv4)");
        assertNotEquals(0, vps.exec("ip6tables-nft", "-S", "PORTCULLIS").exitCode(), "no chain left in nft (IPv6)");
        assertFalse(ruleset("nft").contains("PORTCULLIS"), ruleset("nft"));
        assertTrue(vps.exec("iptables-legacy", "-S").stdout().contains("--connlimit-above 3"));
        assertEquals("legacy\n", vps.readFile("/etc/portcullis/backend"), "the choice is recorded");
        // The new limit, and only it, is enforced: the stale max 1 would have refused the 2nd.
        List<Connection> held = open(3, () -> client.tcp(vps.ipv4(), 7001));
        assertEquals(REFUSED, client.tcp(vps.ipv4(), 7001).outcome());
        for (Connection c : held) {
            assertEquals(OK, client.probe(c));
        }

        String state = ok(vps.exec(INSTALLED, "state")).stdout();
        assertTrue(state.contains("@@backend\nlegacy\n@@v4\n"), state);
        assertTrue(state.contains("--connlimit-above 3"), state);
        assertTrue(state.contains("@@stale\n@@end\n"), "nothing stale: " + state);

        // nft now holds more rules than legacy: a re-apply stays with the recorded legacy backend.
        LabBackends.systemRules(vps, "nft", 30);
        String legacy = ruleset("legacy");
        ok(vps.exec(INSTALLED, "add", "7001", "4", "--mode", "connections"));
        assertFalse(ruleset("nft").contains("PORTCULLIS"), "nothing moved to nft: " + ruleset("nft"));
        assertTrue(vps.exec("iptables-legacy", "-S").stdout().contains("--connlimit-above 4"));
        assertEquals(withoutChain(legacy), withoutChain(ruleset("legacy")), "the rest of legacy is as it was");

        // A chain that turns up in the other backend later shows in state and goes with the next apply.
        LabBackends.staleChain(vps, "nft", 7001, 1);
        state = ok(vps.exec(INSTALLED, "state")).stdout();
        assertTrue(state.contains("@@stale\niptables-nft: "), state);
        Shell.Result again = ok(vps.exec(INSTALLED, "apply"));
        assertTrue(again.stderr().contains("removed the stale chain PORTCULLIS from iptables-nft"), again.stderr());
        assertFalse(ruleset("nft").contains("PORTCULLIS"), ruleset("nft"));

        ok(vps.exec(INSTALLED, "remove"));
        assertNotEquals(0, vps.exec("test", "-e", "/etc/portcullis").exitCode(), "the recorded choice goes with remove");
    }

    // ---- item: half-applied state -----------------------------------------------------------------

    @Test
    void aRulesetNftRejectsChangesNothing() {
        vps.host().startEchoServer(7001, 7002);
        LabClient client = lab.host("c1").client();
        ok(deploy(List.of(LimitEntry.of(7001, LimitMode.CONNECTIONS, 2))));
        String before = ruleset("nft");
        String conf = vps.readFile(CONF);
        // A set of that name but another type already in the table: nft refuses the ruleset.
        ok(vps.exec("nft", "add", "table", "inet", "portcullis"));
        ok(vps.exec("nft", "add", "set", "inet", "portcullis", "dev_7002_tcp", "{ type ipv4_addr; }"));

        Shell.Result r = deploy(List.of(LimitEntry.of(7001, LimitMode.CONNECTIONS, 3), LimitEntry.of(7002, LimitMode.DEVICES, 1)));
        assertEquals(1, r.exitCode(), r.stderr());
        assertTrue(r.stderr().startsWith("portcullis-limits: devices rules (nftables) were rejected: "), r.stderr());
        assertTrue(r.stderr().strip().endsWith("; nothing was changed"), r.stderr());
        assertEquals(before, ruleset("nft"), "IPv4 and IPv6 were not touched");
        assertEquals(conf, vps.readFile(CONF));
        List<Connection> held = open(2, () -> client.tcp(vps.ipv4(), 7001));
        assertEquals(REFUSED, client.tcp(vps.ipv4(), 7001).outcome(), "the previous max 2 is in force");
        open(2, () -> client.tcp(vps.ipv6(), 7001));
        assertEquals(REFUSED, client.tcp(vps.ipv6(), 7001).outcome());
        for (Connection c : held) {
            assertEquals(OK, client.probe(c));
        }
    }

    @Test
    void aFamilyThatFailsAtCommitPutsBackTheOnesBeforeIt_andTheMessageSaysWhatIsInForce() {
        vps.host().startEchoServer(7001);
        LabClient client = lab.host("c1").client();
        ok(deploy(List.of(LimitEntry.of(7001, LimitMode.CONNECTIONS, 2).withProtocol(Protocol.BOTH))));
        List<Connection> earlier = open(2, () -> client.tcp(vps.ipv4(), 7001));
        String before = ruleset("nft");
        String conf = vps.readFile(CONF);
        // This server's kernel refuses the IPv6 REJECT target when rules are committed (as on OpenVZ
        // without ip6t_REJECT): the committed input gets a target that the kernel does not allow in
        // the filter table, which iptables-restore --test would not have seen either.
        vps.writeFile("/usr/local/sbin/ip6tables-nft-restore", """
                #!/bin/bash
                sed 's/-j REJECT --reject-with [a-z0-9-]*/-j CT --notrack/' | /usr/sbin/ip6tables-nft-restore "$@"
                """);
        ok(vps.exec("chmod", "0755", "/usr/local/sbin/ip6tables-nft-restore"));

        Shell.Result r = vps.exec(INSTALLED, "add", "7001", "3", "--proto", "both", "--mode", "connections");
        assertEquals(1, r.exitCode(), r.stderr());
        String message = r.stderr().strip();
        assertTrue(message.startsWith("portcullis-limits: IPv6 rules could not be applied: "), message);
        assertTrue(message.endsWith("; IPv4 put back; the rules from before this apply are in force; limits.conf is unchanged"),
                message);
        assertEquals(before, ruleset("nft"), "IPv4 was put back as it was");
        assertEquals(conf, vps.readFile(CONF));
        for (Connection c : earlier) {
            assertEquals(OK, client.probe(c), "connections open before the failed apply keep working");
            client.close(c);
        }
        // The previous good config: first 2 work on each family, the 3rd is refused.
        List<Connection> held = open(2, () -> client.tcp(vps.ipv4(), 7001));
        assertEquals(REFUSED, client.tcp(vps.ipv4(), 7001).outcome(), "IPv4 has the previous max 2 again");
        held.addAll(open(2, () -> client.udp(vps.ipv6(), 7001)));
        assertEquals(REFUSED, client.udp(vps.ipv6(), 7001).outcome());
        for (Connection c : held) {
            assertEquals(OK, client.probe(c));
        }

        // ip6tables-restore unusable altogether: IPv4, committed at the same time, is put back.
        vps.writeFile("/usr/local/sbin/ip6tables-nft-restore", "#!/bin/bash\necho 'ip6tables-restore: unusable here' >&2\nexit 1\n");
        r = vps.exec(INSTALLED, "add", "7001", "3", "--proto", "both", "--mode", "connections");
        assertEquals(1, r.exitCode(), r.stderr());
        assertEquals("portcullis-limits: IPv6 rules could not be applied: ip6tables-restore: unusable here; IPv4 put back;"
                + " the rules from before this apply are in force; limits.conf is unchanged", r.stderr().strip());
        assertEquals(before, ruleset("nft"));
        assertEquals(conf, vps.readFile(CONF));

        ok(vps.exec("rm", "/usr/local/sbin/ip6tables-nft-restore"));
        ok(vps.exec(INSTALLED, "add", "7001", "3", "--proto", "both", "--mode", "connections"));
        assertTrue(ruleset("nft").contains("--connlimit-above 3"), ruleset("nft"));
    }

    // ---- item: locks ------------------------------------------------------------------------------

    @Test
    void nobodyCannotHoldTheLock_aDeadHolderHoldsNothing_andTheWaitIsBounded() throws Exception {
        // /run/lock as on a real system: world-writable. Before any root run, nobody creates and
        // holds the lock files there (what earlier versions used).
        ok(vps.exec("chmod", "1777", "/run/lock"));
        Process squatter = vps.spawn("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "bash", "-c",
                "exec 8>/run/lock/portcullis-limits.lock 9>/run/lock/portcullis.lock; flock 8; flock 9; exec sleep 60");
        for (int i = 0; i < 100 && !vps.exec("bash", "-c", "pgrep -u 65534 -x sleep >/dev/null").ok(); i++) {
            Thread.sleep(50);
        }
        assertTrue(vps.exec("bash", "-c", "pgrep -u 65534 -x sleep >/dev/null").ok(), "the squatter runs");
        vps.writeFile(SCRIPT, new ScriptGenerator().generate("lab", List.of(LimitEntry.of(7001, LimitMode.CONNECTIONS, 2))));
        Shell.Result r = vps.exec("env", "PORTCULLIS_LOCK_WAIT=5", "bash", SCRIPT, "apply");
        assertEquals(0, r.exitCode(), "nobody's files do not block an apply: " + r.stderr());
        ok(vps.exec("env", "PORTCULLIS_LOCK_WAIT=5", INSTALLED, "add", "7001", "3"));
        assertEquals("drwx------ 0", vps.exec("stat", "-c", "%A %u", "/run/portcullis").stdout().strip());
        r = vps.exec("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "bash", "-c",
                "exec 9>/run/portcullis/limits.lock");
        assertNotEquals(0, r.exitCode(), "nobody cannot even open the lock");
        vps.host().stop(squatter);

        // A lock directory that is not root's is refused.
        ok(vps.exec("chown", "65534", "/run/portcullis"));
        r = vps.exec(INSTALLED, "status");
        assertEquals(3, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("/run/portcullis is not a directory owned by root"), r.stderr());
        ok(vps.exec("chown", "0", "/run/portcullis"));

        // A live holder: the wait ends after PORTCULLIS_LOCK_WAIT seconds with a clear message.
        Process holder = vps.spawn("flock", "/run/portcullis/limits.lock", "sleep", "60");
        for (int i = 0; i < 100 && vps.exec("flock", "-n", "/run/portcullis/limits.lock", "true").ok(); i++) {
            Thread.sleep(50);
        }
        r = vps.exec("env", "PORTCULLIS_LOCK_WAIT=1", INSTALLED, "add", "7001", "4", "--mode", "connections");
        assertEquals(1, r.exitCode(), r.stderr());
        assertEquals("portcullis-limits: another portcullis-limits has held /run/portcullis/limits.lock for more than 1 s; "
                + "nothing was changed", r.stderr().strip());
        vps.host().stop(holder);

        // Without flock (hidden in this server's mount namespace) a lock directory whose holder is
        // gone is taken over.
        ok(vps.exec("bash", "-c", "mount --bind /dev/null \"$(command -v flock)\""));
        String dead = ok(vps.exec("bash", "-c", "echo $$")).stdout().strip();
        ok(vps.exec("mkdir", "/run/portcullis/limits.lock.d"));
        vps.writeFile("/run/portcullis/limits.lock.d/pid", dead + "\n");
        r = ok(vps.exec("env", "PORTCULLIS_LOCK_WAIT=5", INSTALLED, "add", "7001", "4", "--mode", "connections"));
        assertTrue(r.stderr().contains("taking over /run/portcullis/limits.lock.d from process " + dead + ", which is gone"),
                r.stderr());
        assertNotEquals(0, vps.exec("test", "-e", "/run/portcullis/limits.lock.d").exitCode(), "released at the end");
        assertTrue(vps.exec("iptables", "-S").stdout().contains("--connlimit-above 4"));
    }
}
