package dev.portcullis.rules;

import static dev.portcullis.lab.LabClient.Outcome.OK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.lab.Lab;
import dev.portcullis.lab.LabClient;
import dev.portcullis.lab.LabClient.Connection;
import dev.portcullis.lab.LabExtension;
import dev.portcullis.lab.LabHost;
import dev.portcullis.lab.LabV2Ray;
import dev.portcullis.lab.LabVps;
import dev.portcullis.lab.Shell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Account entries on a shared port, with a real V2Ray server from Debian (one VLESS inbound, two
 * accounts alice and bob told apart by e-mail, access log on) and real V2Ray clients in client
 * namespaces ("devices"), over IPv4 and IPv6: the script's watcher follows the access log and holds
 * each account to its number of devices on that port.
 */
class AccountLimitLabTest {

    static final int VLESS_PORT = 7443;
    static final int ECHO_PORT = 7100;
    static final int ALICE_SOCKS = 1080;
    static final int BOB_SOCKS = 1081;
    static final String CONFIG = "/usr/local/etc/v2ray/config.json";
    static final String ACCESS_LOG = "/run/lab-v2ray/access.log";
    static final String INSTALLED = LimitsScriptLabTest.INSTALLED;
    static final String HEADER = LimitsConf.HEADER;

    @RegisterExtension
    final LabExtension labs = new LabExtension();
    @TempDir
    Path dir;
    private LabVps vps;
    private LabHost target;
    private Process server;

    private static final String ALICE = "alice@lab";
    private static final String BOB = "bob@lab";

    /** The VLESS server with both accounts, the echo host behind it, the script installed (no entries yet). */
    private void startServer(boolean accessLog) throws IOException {
        assumeV2Ray();
        Lab lab = labs.lab();
        vps = LabVps.create(lab, "vps");
        target = lab.host("target");
        target.startEchoServer(ECHO_PORT);
        String log = accessLog ? "\"access\": \"" + ACCESS_LOG + "\", " : "";
        vps.writeFile(CONFIG, """
                {"log": {%s"loglevel": "warning"},
                 "inbounds": [{"listen": "::", "port": %d, "protocol": "vless",
                               "settings": {"clients": [{"id": "%s", "email": "%s"}, {"id": "%s", "email": "%s"}],
                                            "decryption": "none"},
                               "streamSettings": {"network": "tcp"}}],
                 "outbounds": [{"protocol": "freedom"}]}
                """.formatted(log, VLESS_PORT, id(ALICE), ALICE, id(BOB), BOB));
        vps.exec("mkdir", "-p", "/run/lab-v2ray").orThrow();
        startProxy();
        Shell.Result installed = LabScript.deploy(vps, List.of());
        assertEquals(0, installed.exitCode(), installed.stderr());
    }

    private void startProxy() {
        server = vps.spawn("/usr/bin/v2ray", "-config", CONFIG);
        LabV2Ray.waitForListener(vps.host(), VLESS_PORT);
    }

    @AfterEach
    void takeEverythingOut() {
        if (vps == null) {
            return;
        }
        // The watcher runs detached on the server: remove stops it; whatever is left is stopped by its PID.
        vps.exec(INSTALLED, "remove");
        vps.exec("bash", "-c", "p=$(cat /run/portcullis/watch.pid 2>/dev/null) && kill \"$p\"");
    }

    private static String id(String account) {
        return UUID.nameUUIDFromBytes(account.getBytes()).toString();
    }

    /** A V2Ray client (socks inbound on SOCKS, VLESS outbound as ACCOUNT) on HOST, reaching the server at ADDRESS. */
    private LabClient device(LabHost host, String account, String address, int socks) throws IOException {
        return LabV2Ray.vlessClient(host, dir, socks, address, VLESS_PORT, id(account));
    }

    /** limits.conf with these lines (after the header), applied by the installed script. */
    private Shell.Result apply(String... lines) {
        vps.writeFile("/etc/portcullis/limits.conf", HEADER + String.join("\n", lines) + (lines.length > 0 ? "\n" : ""));
        return vps.exec(INSTALLED, "apply");
    }

    private static String entry(String account, int max, String more) {
        return "port=" + VLESS_PORT + " proto=tcp mode=devices max=" + max + " v4mask=32 v6prefix=128 observe=0"
                + " enabled=1 idle=3 label= " + more + "account=" + account.replace("@", "%40");
    }

    /** The lines of poll's accounts section. */
    private List<String> accounts() {
        String out = vps.exec(INSTALLED, "poll").orThrow().stdout();
        int start = out.indexOf("@@portcullis accounts\n");
        assertTrue(start >= 0, out);
        String rest = out.substring(start + "@@portcullis accounts\n".length());
        return Arrays.stream(rest.substring(0, rest.indexOf("@@portcullis end")).split("\n"))
                .filter(l -> !l.isEmpty()).toList();
    }

    private List<String> accountLines(String kind) {
        return accounts().stream().filter(l -> l.startsWith(kind + " ")).toList();
    }

    private static Connection tunnel(LabClient client, int socks, LabHost target) {
        return client.tcpViaSocks("127.0.0.1", socks, target.ipv4(), ECHO_PORT);
    }

    /**
     * Bounded polling: the tunnel stops working within 1 s of being opened (its request was
     * logged before the echo came back). Returns how long it took.
     */
    private static long cutOffWithinOneSecond(LabClient client, Connection c, long openedAt) {
        for (int i = 0; i < 40; i++) {
            if (client.probe(c) != OK) {
                long millis = (System.nanoTime() - openedAt) / 1_000_000;
                assertTrue(millis <= 1000, "cut off after " + millis + " ms");
                return millis;
            }
            sleep(25);
        }
        throw new AssertionError("the tunnel was not cut off");
    }

    private int logLinesFrom(String address) {
        String log = vps.exec("cat", ACCESS_LOG).stdout();
        return (int) log.lines().filter(l -> l.contains(address + "]:") || l.contains(" " + address + ":")).count();
    }

    /** Holds N tunnels at once, opened from N threads. */
    private static List<Connection> parallel(LabClient client, int socks, LabHost target, int n) {
        ConcurrentLinkedQueue<Connection> opened = new ConcurrentLinkedQueue<>();
        IntStream.range(0, n).parallel().forEach(i -> opened.add(tunnel(client, socks, target)));
        return new ArrayList<>(opened);
    }

    @Test
    void aSecondDeviceOfAnAccountIsCutOffAndRefusedUntilTheFirstFallsSilent() throws IOException {
        startServer(true);
        Lab lab = labs.lab();
        LabHost a = lab.host("deva");
        LabHost b = lab.host("devb");
        LabClient aliceA = device(a, ALICE, vps.ipv4(), ALICE_SOCKS);
        LabClient aliceB = device(b, ALICE, vps.ipv6(), ALICE_SOCKS);
        Shell.Result applied = apply(entry(ALICE, 1, ""), entry(BOB, 2, ""));
        assertEquals(0, applied.exitCode(), applied.stderr());
        assertTrue(applied.stdout().contains("account limits: watching " + ACCESS_LOG), applied.stdout() + applied.stderr());
        waitForWatcher();

        // Device A (IPv4): 20 tunnels at once, all work and keep working.
        List<Connection> onA = parallel(aliceA, ALICE_SOCKS, target, 20);
        assertEquals(20, onA.stream().filter(Connection::ok).count(), "all 20 tunnels of the first device");
        awaitLine("member " + VLESS_PORT + " tcp alice%40lab " + a.ipv4() + "/32 ");

        // Device B (IPv6), same account: cut off within 1 s, then refused when connecting (its
        // attempts never reach the proxy: no new log line).
        long openedAt = System.nanoTime();
        Connection first = tunnel(aliceB, ALICE_SOCKS, target);
        cutOffWithinOneSecond(aliceB, first, openedAt);
        int logged = logLinesFrom(b.ipv6());
        assertTrue(logged >= 1, "the first request of device B was logged");
        // While device A is active (its traffic keeps it a member), the refusal is renewed.
        for (int i = 0; i < 3; i++) {
            assertEquals(OK, aliceA.probe(onA.get(i)));
            assertNotEquals(OK, tunnel(aliceB, ALICE_SOCKS, target).outcome(), "device B, attempt " + (i + 1));
        }
        assertEquals(logged, logLinesFrom(b.ipv6()), "refused at connect: the proxy never saw the attempts");
        for (Connection c : onA) {
            assertEquals(OK, aliceA.probe(c), "the first device's tunnels keep working");
        }
        List<String> refused = accountLines("refused");
        assertTrue(refused.stream().anyMatch(l -> l.startsWith("refused " + VLESS_PORT + " tcp alice%40lab " + b.ipv6() + "/128 ")),
                refused.toString());
        assertTrue(vps.exec(INSTALLED, "status").stdout().contains("REFUSED " + b.ipv6() + "/128"));

        // Device A falls silent: after the idle time (3 s) device B gets in.
        onA.forEach(aliceA::close);
        Connection in = null;
        for (int i = 0; i < 40 && (in == null || !in.ok()); i++) {
            sleep(500);
            in = tunnel(aliceB, ALICE_SOCKS, target);
        }
        assertEquals(OK, in.outcome(), "device B after device A fell silent");
        awaitLine("member " + VLESS_PORT + " tcp alice%40lab " + b.ipv6() + "/128 ");
        sleep(1500);
        assertEquals(OK, aliceB.probe(in), "device B stays in");
        // And now A is the one beyond the limit.
        Connection late = tunnel(aliceA, ALICE_SOCKS, target);
        cutOffWithinOneSecond(aliceA, late, System.nanoTime());
    }

    @Test
    void anotherAccountOnTheSamePortAndAddressIsUnaffected() throws IOException {
        startServer(true);
        Lab lab = labs.lab();
        LabHost a = lab.host("deva");
        LabHost b = lab.host("devb");
        LabClient aliceA = device(a, ALICE, vps.ipv4(), ALICE_SOCKS);
        LabClient aliceB = device(b, ALICE, vps.ipv4(), ALICE_SOCKS);
        LabClient bobB = device(b, BOB, vps.ipv4(), BOB_SOCKS);
        assertEquals(0, apply(entry(ALICE, 1, ""), entry(BOB, 1, "")).exitCode());
        waitForWatcher();

        Connection onA = tunnel(aliceA, ALICE_SOCKS, target);
        assertEquals(OK, onA.outcome());
        Connection bob = tunnel(bobB, BOB_SOCKS, target);
        assertEquals(OK, bob.outcome(), "bob from device B");
        awaitLine("member " + VLESS_PORT + " tcp bob%40lab " + b.ipv4() + "/32 ");

        // Alice from device B, where bob is active: her tunnels are cut, each as its request is
        // logged; bob's old and new tunnels from the same address keep working.
        for (int i = 0; i < 3; i++) {
            long openedAt = System.nanoTime();
            Connection c = tunnel(aliceB, ALICE_SOCKS, target);
            if (c.ok()) {
                cutOffWithinOneSecond(aliceB, c, openedAt);
            }
            assertEquals(OK, bobB.probe(bob), "bob's tunnel while alice is refused there");
            assertEquals(OK, tunnel(bobB, BOB_SOCKS, target).outcome(), "a new tunnel of bob");
        }
        assertEquals(OK, aliceA.probe(onA), "alice's first device");
        assertTrue(accountLines("refused").stream().anyMatch(l -> l.startsWith("refused " + VLESS_PORT + " tcp alice%40lab " + b.ipv4() + "/32 ")));
        // Other ports: untouched (the address is not refused on the port either: bob shares it).
        String sets = vps.exec("nft", "list", "set", "inet", "portcullis", "acct_refuse4").stdout();
        assertFalse(sets.contains(b.ipv4()), sets);
    }

    @Test
    void observeRefusesNothingAndCountsAndAllowedNetworksAreNeverCounted() throws IOException {
        startServer(true);
        Lab lab = labs.lab();
        LabHost a = lab.host("deva");
        LabHost b = lab.host("devb");
        LabHost c = lab.host("devc");
        LabClient aliceA = device(a, ALICE, vps.ipv4(), ALICE_SOCKS);
        LabClient aliceB = device(b, ALICE, vps.ipv6(), ALICE_SOCKS);
        LabClient bobA = device(a, BOB, vps.ipv4(), BOB_SOCKS);
        LabClient bobC = device(c, BOB, vps.ipv4(), BOB_SOCKS);
        assertEquals(0, apply("allow=" + c.ipv4() + "/32", entry(ALICE, 1, "").replace("observe=0", "observe=1"),
                entry(BOB, 1, "")).exitCode());
        waitForWatcher();

        // Observe: alice's second device keeps working; the would-be refusal is counted.
        assertEquals(OK, tunnel(aliceA, ALICE_SOCKS, target).outcome());
        awaitLine("member " + VLESS_PORT + " tcp alice%40lab " + a.ipv4() + "/32 ");
        Connection second = tunnel(aliceB, ALICE_SOCKS, target);
        assertEquals(OK, second.outcome());
        awaitLine("observed " + VLESS_PORT + " tcp alice%40lab " + b.ipv6() + "/128 1");
        sleep(1500);
        assertEquals(OK, aliceB.probe(second), "observe ends nothing");
        assertEquals(OK, tunnel(aliceB, ALICE_SOCKS, target).outcome(), "observe refuses nothing");

        // Allowed: bob from device C (allowlisted) is neither counted nor refused next to device A.
        assertEquals(OK, tunnel(bobA, BOB_SOCKS, target).outcome());
        awaitLine("member " + VLESS_PORT + " tcp bob%40lab " + a.ipv4() + "/32 ");
        Connection allowed = tunnel(bobC, BOB_SOCKS, target);
        assertEquals(OK, allowed.outcome());
        sleep(1500);
        assertEquals(OK, bobC.probe(allowed), "an allowed network is never cut off");
        assertTrue(accounts().stream().noneMatch(l -> l.contains(c.ipv4())), accounts().toString());
        assertTrue(accountLines("refused").isEmpty(), accounts().toString());
    }

    @Test
    void restartRotationAndReapplyKeepMembersAndRemovedEntriesLeaveNoRefusal() throws IOException {
        startServer(true);
        Lab lab = labs.lab();
        LabHost a = lab.host("deva");
        LabHost b = lab.host("devb");
        LabClient aliceA = device(a, ALICE, vps.ipv4(), ALICE_SOCKS);
        LabClient aliceB = device(b, ALICE, vps.ipv4(), ALICE_SOCKS);
        String alice = entry(ALICE, 1, "").replace("idle=3", "idle=600");
        assertEquals(0, apply(alice).exitCode());
        waitForWatcher();
        Connection onA = tunnel(aliceA, ALICE_SOCKS, target);
        assertEquals(OK, onA.outcome());
        String member = "member " + VLESS_PORT + " tcp alice%40lab " + a.ipv4() + "/32 ";
        awaitLine(member);

        // The watcher is killed (no trap runs); the self-check (cron or timer where systemd does not
        // run it) starts it again, and no tail or awk of the old one is left.
        vps.exec("bash", "-c", "kill -KILL \"$(cat /run/portcullis/watch.pid)\"").orThrow();
        awaitLine("watch stopped ");
        assertEquals(0, vps.exec(INSTALLED, "selfcheck").exitCode());
        waitForWatcher();
        String followers = "";
        for (int i = 0; i < 50 && !"1".equals(followers); i++) {
            sleep(100);
            followers = vps.exec("bash", "-c", "pgrep -fc '^tail .*-F .* " + ACCESS_LOG + "$'").stdout().strip();
        }
        assertEquals("1", followers, "one tail follows the log");
        awaitLine(member);
        Connection b1 = tunnel(aliceB, ALICE_SOCKS, target);
        if (b1.ok()) {
            cutOffWithinOneSecond(aliceB, b1, System.nanoTime());
        }
        String refusedB = "refused " + VLESS_PORT + " tcp alice%40lab " + b.ipv4() + "/32 ";
        awaitLine(refusedB);
        clearRefusals();

        // copytruncate rotation.
        vps.exec("bash", "-c", "cp " + ACCESS_LOG + " " + ACCESS_LOG + ".1 && truncate -s 0 " + ACCESS_LOG).orThrow();
        assertNotEquals(OK, tunnelUntilCut(aliceB), "after copytruncate");
        awaitLine(refusedB);
        clearRefusals();

        // Rename rotation: the proxy is restarted and writes a new file.
        vps.host().stop(server);
        vps.exec("mv", ACCESS_LOG, ACCESS_LOG + ".2").orThrow();
        startProxy();
        assertEquals(OK, aliceA.probe(tunnel(aliceA, ALICE_SOCKS, target)));
        assertNotEquals(OK, tunnelUntilCut(aliceB), "after rename rotation");
        awaitLine(refusedB);

        // Re-apply: members and refusals stay; the watcher was restarted.
        assertEquals(0, vps.exec(INSTALLED, "apply").exitCode());
        waitForWatcher();
        awaitLine(member);
        awaitLine(refusedB);
        assertTrue(vps.exec("nft", "list", "set", "inet", "portcullis", "acct_refuse4").stdout().contains(b.ipv4()));

        // The entry removed: no refusal left, device B gets in; remove takes everything out.
        Shell.Result del = vps.exec(INSTALLED, "del", Integer.toString(VLESS_PORT), "--account", ALICE);
        assertEquals(0, del.exitCode(), del.stderr());
        assertFalse(vps.exec("nft", "list", "table", "inet", "portcullis").stdout().contains(b.ipv4()));
        assertEquals(OK, tunnel(aliceB, ALICE_SOCKS, target).outcome());
        assertEquals(List.of("watch not-needed -"), accounts().stream().map(l -> l.replaceAll(" %2F.*", " -")).toList());
        assertEquals(0, apply(alice).exitCode());
        waitForWatcher();
        Shell.Result removed = vps.exec(INSTALLED, "remove");
        assertEquals(0, removed.exitCode(), removed.stderr());
        assertFalse(vps.exec("nft", "list", "table", "inet", "portcullis").ok());
        assertEquals("", vps.exec("bash", "-c", "ls /run/portcullis/ | grep watch; ls /etc/systemd/system | grep watch").stdout());
        // No watcher of this server is left (one still starting ends within a second of its pid file going).
        String left = "?";
        for (int i = 0; i < 30 && !left.isEmpty(); i++) {
            sleep(100);
            left = vps.exec("bash", "-c", "for p in $(pgrep -f '[p]ortcullis-limits watch'); do"
                    + " [ \"$(readlink /proc/$p/ns/mnt)\" = \"$(readlink /proc/self/ns/mnt)\" ] && echo $p; done; true").stdout().strip();
        }
        assertEquals("", left, "no watcher left");
    }

    @Test
    void hostileLogLinesAreInertAndAMissingAccessLogIsExplained() throws IOException {
        startServer(false);
        Lab lab = labs.lab();
        LabHost a = lab.host("deva");
        LabHost b = lab.host("devb");
        Shell.Result noLog = apply(entry(ALICE, 1, ""));
        assertEquals(0, noLog.exitCode(), noLog.stderr());
        assertTrue(noLog.stderr().contains("\"log\": {\"access\": \"/var/log/v2ray/access.log\", \"loglevel\": \"warning\"}"),
                noLog.stderr());
        assertTrue(noLog.stderr().contains(CONFIG), noLog.stderr());
        assertTrue(vps.exec(INSTALLED, "status").stdout().contains("access logging is off"));
        assertEquals("watch no-log -", accounts().get(0));

        // The log set in limits.conf (access-log=), the proxy told to write it.
        vps.host().stop(server);
        vps.writeFile(CONFIG, vps.readFile(CONFIG).replace("\"loglevel\"", "\"access\": \"" + ACCESS_LOG + "\", \"loglevel\""));
        startProxy();
        LabClient aliceA = device(a, ALICE, vps.ipv4(), ALICE_SOCKS);
        LabClient aliceB = device(b, ALICE, vps.ipv4(), ALICE_SOCKS);
        assertEquals(0, apply("access-log=" + ACCESS_LOG.replace("/", "%2F"), entry(ALICE, 1, "")).exitCode());
        waitForWatcher();
        assertEquals(OK, tunnel(aliceA, ALICE_SOCKS, target).outcome());
        awaitLine("member " + VLESS_PORT + " tcp alice%40lab " + a.ipv4() + "/32 ");

        String when = "2026/12/01 13:48:17 ";
        String forged = b.ipv4() + ":4242 accepted tcp:example.com:443 email: ";
        String lines = String.join("\n",
                when + forged + "$(touch /run/pwned1)",
                when + forged + "`touch /run/pwned2`",
                when + forged + "\"; system(\"touch /run/pwned3\"); \"",
                when + forged + "%s%n%d' \\\" alice@lab",
                when + forged + "alice@lab\u0001\u0007\u001b[2J",
                when + "from [::1 accepted tcp:x email: alice@lab",
                when + b.ipv4() + ":99999 accepted tcp:x email: alice@lab",
                when + "999.1.1.1:1 accepted tcp:x email: alice@lab",
                when + forged.replace("example.com", "a email: alice@lab") + "bob@lab",
                // Proven by nothing: no connection from that address and port.
                when + forged + "alice@lab",
                when + "x".repeat(200_000) + " email: alice@lab") + "\n";
        vps.execWithInput(lines, "bash", "-c", "cat >> " + ACCESS_LOG).orThrow();
        sleep(1500);
        assertEquals("", vps.exec("bash", "-c", "ls /run | grep pwned; ls /tmp | grep pwned").stdout(), "nothing was run");
        assertTrue(accounts().get(0).startsWith("watch running "), accounts().toString());
        assertTrue(accounts().stream().noneMatch(l -> l.contains(b.ipv4())), "no member or refusal from lines nothing proves");

        // The watcher still works: alice's second device is cut off.
        long openedAt = System.nanoTime();
        Connection second = tunnel(aliceB, ALICE_SOCKS, target);
        cutOffWithinOneSecond(aliceB, second, openedAt);
        String stats = vps.exec("grep", "^stats", "/run/portcullis/watch.state").stdout();
        assertTrue(stats.matches("stats \\d+ 1 \\d+ \\d+ \\d+ \\d+\\n"), "one overlong line: " + stats);
    }

    @Test
    void theScriptsCommandsKnowAccountEntries() throws IOException {
        startServer(true);
        Shell.Result added = vps.exec(INSTALLED, "add", Integer.toString(VLESS_PORT), "2", "--account", "alice@lab",
                "--idle", "30", "--v6-prefix", "128");
        assertEquals(0, added.exitCode(), added.stderr());
        String line = "port=7443 proto=tcp mode=devices max=2 v4mask=32 v6prefix=128 observe=0 enabled=1 idle=30 label= account=alice%40lab";
        // A port entry on the same port never clashes with an account entry; the file stays canonical.
        assertEquals(0, vps.exec(INSTALLED, "add", Integer.toString(VLESS_PORT), "5", "--mode", "connections").exitCode());
        Shell.Result menu = vps.execWithInput("7\n" + VLESS_PORT + "\nbob lab@x\n3\n\n0\n", "bash", INSTALLED, "menu");
        assertEquals(0, menu.exitCode(), menu.stderr());
        assertEquals(HEADER
                + "port=7443 proto=tcp mode=connections max=5 v4mask=32 v6prefix=64 observe=0 enabled=1 idle=120 label=\n"
                + line + "\n"
                + "port=7443 proto=tcp mode=devices max=3 v4mask=32 v6prefix=64 observe=0 enabled=1 idle=120 label= account=bob%20lab%40x\n",
                vps.readFile("/etc/portcullis/limits.conf"));
        String list = vps.exec(INSTALLED, "list").stdout();
        assertTrue(list.contains("[account alice@lab]") && list.contains("[account bob lab@x]"), list);

        assertEquals(0, vps.execWithInput("8\n" + VLESS_PORT + "\nbob lab@x\n0\n", "bash", INSTALLED, "menu").exitCode());
        assertEquals(0, vps.exec(INSTALLED, "del", Integer.toString(VLESS_PORT), "tcp").exitCode(), "the port entry");
        assertEquals(HEADER + line + "\n", vps.readFile("/etc/portcullis/limits.conf"));
        for (List<String> args : List.of(List.of("--account", "a@x", "--mode", "connections"), List.of("--account", "a\u0001b"),
                List.of("--account", "x".repeat(129)), List.of("--account", ""))) {
            List<String> command = new ArrayList<>(List.of(INSTALLED, "add", "7443", "1"));
            command.addAll(args);
            Shell.Result r = vps.exec(command.toArray(String[]::new));
            assertEquals(2, r.exitCode(), args + ": " + r.stderr());
            assertEquals(1, r.stderr().strip().lines().count(), "one clear line: " + r.stderr());
        }
        assertEquals(2, vps.exec(INSTALLED, "del", "7443", "--account", "nobody@lab").exitCode());
        assertEquals(HEADER + line + "\n", vps.readFile("/etc/portcullis/limits.conf"), "bad input changed nothing");
    }

    /** A new tunnel from device B, and when it got through, waits for it to be cut off. */
    private LabClient.Outcome tunnelUntilCut(LabClient client) {
        Connection c = tunnel(client, ALICE_SOCKS, target);
        if (!c.ok()) {
            return c.outcome();
        }
        cutOffWithinOneSecond(client, c, System.nanoTime());
        return client.probe(c);
    }

    /** Empties the kernel's refusal sets, so the next attempt reaches the proxy and its log again. */
    private void clearRefusals() {
        vps.exec("nft", "flush", "set", "inet", "portcullis", "acct_refuse4").orThrow();
        vps.exec("nft", "flush", "set", "inet", "portcullis", "acct_refuse6").orThrow();
    }

    /** The watcher runs and follows the log: its awk has written the state (stats line with its PID). */
    private void waitForWatcher() {
        awaitLine("watch running ");
        String ready = "";
        for (int i = 0; i < 100 && !ready.equals("ready"); i++) {
            sleep(100);
            ready = vps.exec("bash", "-c", "p=$(cat /run/portcullis/watch.pid) && grep -q \" $p$\" /run/portcullis/watch.state"
                    + " && echo ready").stdout().strip();
        }
        assertEquals("ready", ready, "the watcher's awk writes its state: " + vps.exec("bash", "-c",
                "p=$(cat /run/portcullis/watch.pid); ps -o pid,ppid,wchan:20,cmd:60 -p $p --ppid $p; ls -l /run/portcullis;"
                + " for q in $(cat /proc/$p/task/*/children); do echo $q; ls -l /proc/$q/fd; cat /proc/$q/stack;"
                + " for r in $(cat /proc/$q/task/*/children); do ps -o pid,wchan:20,cmd:80 -p $r; done; done").stdout());
    }

    /** Bounded polling of poll's accounts section for a line starting with PREFIX. */
    private void awaitLine(String prefix) {
        List<String> lines = List.of();
        for (int i = 0; i < 60; i++) {
            lines = accounts();
            if (lines.stream().anyMatch(l -> l.startsWith(prefix))) {
                return;
            }
            sleep(200);
        }
        throw new AssertionError("no line '" + prefix + "' in " + lines.stream().collect(Collectors.joining("\n"))
                + "\nwatcher state: " + vps.exec("cat", "/run/portcullis/watch.state").stdout()
                + "\nlog: " + vps.exec("tail", "-n", "5", ACCESS_LOG).stdout()
                + "\nwatcher: " + vps.exec("bash", "-c", "p=$(cat /run/portcullis/watch.pid); ps -o pid,ppid,wchan:20,cmd:60 -p $p --ppid $p; ls -li /run/portcullis; for q in $p $(cat /proc/$p/task/*/children); do echo $q; ls -l /proc/$q/fd; cat /proc/$q/stack; done").stdout());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void assumeV2Ray() {
        if (!Files.isExecutable(Path.of("/usr/bin/v2ray"))) {
            Lab.assumeAvailable();
            Lab.skip("v2ray not installed (Debian package v2ray)");
        }
    }

}
