package dev.portcullis.remote;

import static dev.portcullis.lab.LabClient.Outcome.OK;
import static dev.portcullis.lab.LabClient.Outcome.REFUSED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.lab.Lab;
import dev.portcullis.lab.LabBackends;
import dev.portcullis.lab.LabClient;
import dev.portcullis.lab.LabClient.Connection;
import dev.portcullis.lab.LabExtension;
import dev.portcullis.lab.LabSshd;
import dev.portcullis.lab.LabVps;
import dev.portcullis.lab.Shell;
import dev.portcullis.model.AuthKind;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Server;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sync where both iptables backends exist (Debian: iptables-legacy and iptables-nft) and one holds
 * a stale PORTCULLIS chain, and where another user squats the lock files: the deploy verifies what
 * the script itself reads, removes what the other backend holds, and keeps its backend.
 */
class BackendSyncLabTest {

    private static final String PASSWORD = "backend lab pass";

    @RegisterExtension
    final LabExtension labs = new LabExtension();
    private Lab lab;
    private LabVps vps;
    private Server server;
    private final EntryMapScripts scripts = new EntryMapScripts();
    private Deployer deployer;

    @BeforeEach
    void start() throws Exception {
        lab = labs.lab();
        LabSshd sshd = LabSshd.startReachable(lab, "vps", "ed25519");
        vps = sshd.vps();
        sshd.rootPassword(PASSWORD);
        server = new Server(0, "vps", vps.ipv4(), 22, "root", AuthKind.PASSWORD, null, false);
        SshConnector connector = LabConnectors.withPassword(PASSWORD, Duration.ofSeconds(60));
        connector.trust(server, null);
        deployer = new Deployer(connector, scripts, Duration.ofSeconds(5));
    }

    private String portcullisLines(String save) {
        return vps.exec(save, "-t", "filter").orThrow().stdout().lines().filter(l -> l.contains("PORTCULLIS"))
                .reduce("", (a, b) -> a + b + "\n");
    }

    @Test
    void aStaleChainInTheOtherBackendIsRemovedAndSyncVerifiesWhatTheScriptReads() throws Exception {
        vps.host().startEchoServer(8443);
        LabClient client = lab.host("c1").client();
        // nft (what plain iptables-save reads on Debian) holds an old chain with max 1; the
        // system's rules are in legacy, so the script chooses legacy.
        LabBackends.staleChain(vps, "nft", 8443, 1);
        LabBackends.systemRules(vps, "legacy", 10);
        scripts.set("vps", List.of(LimitEntry.of(8443, LimitMode.CONNECTIONS, 3)));

        Plan before = deployer.plan(server, s -> { });
        assertFalse(before.inSync());
        Deployer.Result result = deployer.sync(server, s -> { });
        assertEquals(Deployer.Outcome.APPLIED, result.outcome());
        assertEquals("", portcullisLines("iptables-nft-save"), "nothing left in nft (IPv4)");
        assertEquals("", portcullisLines("ip6tables-nft-save"), "nothing left in nft (IPv6)");
        assertTrue(portcullisLines("iptables-legacy-save").contains("--connlimit-above 3"));
        List<Connection> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Connection c = client.tcp(vps.ipv4(), 8443);
            assertEquals(OK, c.outcome(), "connection " + (i + 1) + " of 3");
            held.add(c);
        }
        assertEquals(REFUSED, client.tcp(vps.ipv4(), 8443).outcome());
        for (Connection c : held) {
            assertEquals(OK, client.probe(c));
        }
        assertTrue(deployer.plan(server, s -> { }).inSync(), "plan reads the backend the script uses");
        assertEquals(Deployer.Outcome.UNCHANGED, deployer.sync(server, s -> { }).outcome());

        // nft now holds more rules than legacy: the next sync keeps legacy.
        LabBackends.systemRules(vps, "nft", 30);
        scripts.set("vps", List.of(LimitEntry.of(8443, LimitMode.CONNECTIONS, 4)));
        assertEquals(Deployer.Outcome.APPLIED, deployer.sync(server, s -> { }).outcome());
        assertTrue(portcullisLines("iptables-legacy-save").contains("--connlimit-above 4"));
        assertEquals("", portcullisLines("iptables-nft-save"));

        // A chain that turns up in the other backend is a difference, and sync takes it out.
        LabBackends.staleChain(vps, "nft", 8443, 1);
        Plan stale = deployer.plan(server, s -> { });
        assertTrue(stale.changes().stream().anyMatch(c -> c.kind() == Change.Kind.RULE_EXTRA
                && c.detail().contains("other iptables backend")), stale.changes().toString());
        assertEquals(Deployer.Outcome.APPLIED, deployer.sync(server, s -> { }).outcome());
        assertEquals("", portcullisLines("iptables-nft-save"));
        assertEquals("", portcullisLines("ip6tables-nft-save"));
    }

    @Test
    void nobodyHoldingTheOldLockFilesBlocksNoSync() throws Exception {
        // /run/lock as on a real system (world-writable); nobody holds both old lock files.
        vps.exec("chmod", "1777", "/run/lock").orThrow();
        Process squatter = vps.spawn("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "bash", "-c",
                "exec 8>/run/lock/portcullis.lock 9>/run/lock/portcullis-limits.lock; flock 8; flock 9; exec sleep 60");
        for (int i = 0; i < 100 && !vps.exec("bash", "-c", "pgrep -u 65534 -x sleep >/dev/null").ok(); i++) {
            Thread.sleep(50);
        }
        assertTrue(vps.exec("bash", "-c", "pgrep -u 65534 -x sleep >/dev/null").ok(), "the squatter runs");
        scripts.set("vps", List.of(LimitEntry.of(8443, LimitMode.CONNECTIONS, 3)));
        assertEquals(Deployer.Outcome.APPLIED, deployer.sync(server, s -> { }).outcome());
        assertTrue(portcullisLines("iptables-save").contains("--connlimit-above 3"));
        Shell.Result r = vps.exec("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "bash", "-c",
                "exec 9>" + Deployer.LOCK_FILE);
        assertNotEquals(0, r.exitCode(), "nobody cannot open the deploy lock");
        assertEquals("drwx------ 0", vps.exec("stat", "-c", "%A %u", Deployer.LOCK_DIR).orThrow().stdout().strip());
        vps.host().stop(squatter);
    }
}
