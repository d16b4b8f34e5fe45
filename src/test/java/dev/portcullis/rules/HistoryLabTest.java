package dev.portcullis.rules;

import static dev.portcullis.lab.LabClient.Outcome.OK;
import static dev.portcullis.lab.LabClient.Outcome.REFUSED;
import static dev.portcullis.rules.LimitsScriptLabTest.INSTALLED;
import static dev.portcullis.rules.LimitsScriptLabTest.SCRIPT;
import static dev.portcullis.rules.LimitsScriptLabTest.assertFullAfter;
import static dev.portcullis.rules.LimitsScriptLabTest.assertStillWork;
import static dev.portcullis.rules.LimitsScriptLabTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.lab.LabClient;
import dev.portcullis.lab.LabClient.Connection;
import dev.portcullis.lab.LabHost;
import dev.portcullis.lab.Shell;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Protocol;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server's history of addresses in a real kernel: the recorder started by the apply (no
 * systemd runs in the lab, so the fallback), real connections from client namespaces over IPv4 and
 * IPv6, and the {@code history} and {@code disconnect} commands. The recorder ticks every second here.
 */
class HistoryLabTest extends ScriptServerLab {

    static final int PORT = 7301;
    static final String HISTORY = "/var/lib/portcullis/history";

    /** One history line: DAY PORT PROTO ACCOUNT ADDRESS FIRST LAST CONNECTIONS REFUSED. */
    record Line(String day, int port, String proto, String account, String address, long first, long last,
                long connections, long refused) {
        static Line parse(String text) {
            String[] f = text.split(" ");
            assertEquals(9, f.length, "history line: " + text);
            return new Line(f[0], Integer.parseInt(f[1]), f[2], f[3], f[4], Long.parseLong(f[5]),
                    Long.parseLong(f[6]), Long.parseLong(f[7]), Long.parseLong(f[8]));
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** Settings the recorder takes from the environment of the apply that starts it. */
    final List<String> recorderEnv = new ArrayList<>(List.of("PORTCULLIS_HISTORY_INTERVAL=1", "PORTCULLIS_HISTORY_COUNTERS_INTERVAL=1"));

    Shell.Result withHistoryEnv(String... command) {
        List<String> full = new ArrayList<>(List.of("env"));
        full.addAll(recorderEnv);
        full.addAll(List.of(command));
        return vps.exec(full.toArray(String[]::new));
    }

    void deploy(LimitEntry... entries) {
        vps.writeFile(SCRIPT, new ScriptGenerator().generate("lab", List.of(entries)));
        ok(withHistoryEnv("bash", SCRIPT));
    }

    long serverNow() {
        return Long.parseLong(ok(vps.exec("date", "+%s")).stdout().strip());
    }

    /** The history output by address (this test's addresses are on one port, one account). */
    Map<String, Line> history() {
        String out = ok(vps.exec(INSTALLED, "history")).stdout();
        List<String> lines = out.lines().toList();
        assertEquals("@@portcullis history", lines.get(0));
        assertEquals("@@portcullis history-end", lines.get(lines.size() - 1));
        Map<String, Line> byAddress = new HashMap<>();
        for (String text : lines.subList(1, lines.size() - 1)) {
            Line line = Line.parse(text);
            byAddress.merge(line.address(), line, (a, b) -> new Line(a.day(), a.port(), a.proto(), a.account(),
                    a.address(), Math.min(a.first(), b.first()), Math.max(a.last(), b.last()),
                    a.connections() + b.connections(), a.refused() + b.refused()));
        }
        return byAddress;
    }

    /** Polls the history (bounded: at most 30 s) until it satisfies the condition. */
    Map<String, Line> awaitHistory(String what, Predicate<Map<String, Line>> condition) {
        Map<String, Line> seen = Map.of();
        for (int i = 0; i < 120; i++) {
            seen = history();
            if (condition.test(seen)) {
                return seen;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
        }
        throw new AssertionError(what + " never held; recorder: "
                + vps.exec("bash", "-c", "cat /run/portcullis/history.pid && ps -o pid,stat,args -p \"$(cut -d' ' -f1 /run/portcullis/history.pid)\"").stdout()
                + "; history: " + seen + "\ncounters:\n"
                + vps.exec("cat", "/var/lib/portcullis/history.counters").stdout()
                + vps.exec("nft", "list", "table", "inet", "portcullis_history").stdout());
    }

    static boolean counts(Map<String, Line> h, String address, long connections, long refused) {
        Line line = h.get(address);
        return line != null && line.connections() == connections && line.refused() == refused;
    }

    /** PIDs of processes in the server's mount namespace other than its holder (the recorder, if running). */
    List<String> serverProcesses() {
        String out = Shell.exec(null, 30, "bash", "-c",
                "m=$(readlink /proc/$1/ns/mnt); for d in /proc/[0-9]*; do p=${d#/proc/}; "
                        + "[ \"$p\" != \"$1\" ] && [ \"$(readlink \"$d/ns/mnt\" 2>/dev/null)\" = \"$m\" ] && echo \"$p\"; done; true",
                "list", Long.toString(vps.pid())).orThrow().stdout();
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    @AfterEach
    void removeEverything() {
        // remove stops the recorder; whatever is still left is killed by PID (and fails the test).
        Shell.Result removed = vps.exec(INSTALLED, "remove", "--history");
        List<String> left = serverProcesses();
        for (String pid : left) {
            Shell.exec(null, 10, "kill", "-KILL", pid);
        }
        assertEquals(0, removed.exitCode(), removed.stderr());
        assertTrue(left.isEmpty(), "processes left on the server after remove: " + left);
    }

    void assertHistoryFileMode() {
        assertEquals("700 0", ok(vps.exec("stat", "-c", "%a %u", "/var/lib/portcullis")).stdout().strip());
        assertEquals("600 0", ok(vps.exec("stat", "-c", "%a %u", HISTORY)).stdout().strip());
    }

    // ---- connections and refusals -------------------------------------------------------------

    @Test
    void connectionsPerIp_exactCountsPerAddress_survivingReapplyAndReboot() {
        vps.host().startEchoServer(PORT);
        LabHost h1 = lab.host("c1");
        LabHost h2 = lab.host("c2");
        LabClient c1 = h1.client();
        LabClient c2 = h2.client();
        long t0 = serverNow();
        deploy(LimitEntry.of(PORT, LimitMode.CONNECTIONS_PER_IP, 2));

        List<Connection> held = assertFullAfter(2, c1, () -> c1.tcp(vps.ipv4(), PORT), "the 3rd from c1 is refused");
        List<Connection> v6 = LabClient.open(1, () -> c2.tcp(vps.ipv6(), PORT));
        Map<String, Line> h = awaitHistory("c1: 2 connections 1 refused, c2 (IPv6): 1 connection",
                m -> counts(m, h1.ipv4(), 2, 1) && counts(m, h2.ipv6(), 1, 0));
        long t1 = serverNow();
        for (String address : List.of(h1.ipv4(), h2.ipv6())) {
            Line line = h.get(address);
            assertEquals(PORT, line.port());
            assertEquals("tcp", line.proto());
            assertEquals("-", line.account());
            assertTrue(t0 <= line.first() && line.first() <= line.last() && line.last() <= t1,
                    "first/last seen within the test: " + line + " in " + t0 + ".." + t1);
        }
        assertEquals(2, h.size(), "only the clients' addresses: " + h);
        assertHistoryFileMode();
        long firstSeen = h.get(h1.ipv4()).first();

        // A re-apply keeps the recorder's counts (and the kernel's).
        ok(withHistoryEnv(INSTALLED, "apply"));
        assertEquals(REFUSED, c1.tcp(vps.ipv4(), PORT).outcome(), "still full after the re-apply");
        assertStillWork(c1, held);
        awaitHistory("the refusal after the re-apply", m -> counts(m, h1.ipv4(), 2, 2) && counts(m, h2.ipv6(), 1, 0));

        // A reboot: the recorder stops (writing what it holds), the kernel forgets rules, sets and
        // connections; the boot hook applies again and starts the recorder.
        held.forEach(c1::close);
        v6.forEach(c2::close);
        ok(vps.bash("""
                set -e
                kill -TERM "$(cut -d" " -f1 /run/portcullis/history.pid)"
                for i in $(seq 1 100); do [ -e /run/portcullis/history.pid ] || break; sleep 0.1; done
                [ ! -e /run/portcullis/history.pid ]
                nft delete table inet portcullis_history
                for t in iptables ip6tables; do
                    $t -D INPUT -m conntrack --ctstate NEW -j PORTCULLIS
                    $t -F PORTCULLIS
                    $t -X PORTCULLIS
                done
                conntrack -F 2>/dev/null || true
                """));
        assertEquals(List.of(), serverProcesses(), "the recorder stopped");
        ok(withHistoryEnv(INSTALLED, "apply", "--boot"));
        List<Connection> again = assertFullAfter(2, c1, () -> c1.tcp(vps.ipv4(), PORT), "the limit is back after the reboot");
        h = awaitHistory("the counts after the reboot add to those before",
                m -> counts(m, h1.ipv4(), 4, 3) && counts(m, h2.ipv6(), 1, 0));
        assertEquals(firstSeen, h.get(h1.ipv4()).first(), "first seen stays that of the day's first connection");
        assertTrue(h.get(h1.ipv4()).last() >= t1, "last seen moved on: " + h.get(h1.ipv4()));
        assertStillWork(c1, again);
    }

    @Test
    void devices_refusalsOfEachAddressExactly() {
        vps.host().startEchoServer(PORT);
        LabHost h1 = lab.host("c1");
        LabHost h2 = lab.host("c2");
        LabHost h3 = lab.host("c3");
        LabClient c1 = h1.client();
        LabClient c2 = h2.client();
        LabClient c3 = h3.client();
        deploy(LimitEntry.of(PORT, LimitMode.DEVICES, 1).withProtocol(Protocol.TCP));

        List<Connection> held = LabClient.open(3, () -> c1.tcp(vps.ipv4(), PORT));
        assertEquals(REFUSED, c2.tcp(vps.ipv6(), PORT).outcome(), "a second device (IPv6) is refused");
        assertEquals(REFUSED, c3.tcp(vps.ipv4(), PORT).outcome(), "a third device (IPv4) is refused");
        assertStillWork(c1, held);
        Map<String, Line> h = awaitHistory("c1: 3 connections; c2 and c3 one refusal each",
                m -> counts(m, h1.ipv4(), 3, 0) && m.containsKey(h2.ipv6()) && m.get(h2.ipv6()).refused() == 1
                        && m.containsKey(h3.ipv4()) && m.get(h3.ipv4()).refused() == 1);
        assertEquals(3, h.size(), "only the clients' addresses: " + h);

        // The account watcher's notes (history_note, as it calls it): per account, next to the port's lines.
        String note = "source <(sed '$d' " + INSTALLED + ") && history_note " + PORT
                + " tcp ali%40example.com fd00::9 refuse && history_note " + PORT + " tcp ali%40example.com fd00::9 connect"
                + " && ! history_note " + PORT + " tcp ali%40example.com fd00::9/64 connect"
                + " && ! history_note " + PORT + " tcp 'a b' fd00::9 connect";
        ok(vps.exec("bash", "-c", note));
        String out = awaitLine("the account's line", " ali%40example.com fd00::9 ");
        String[] f = out.split(" ");
        assertEquals(List.of(Integer.toString(PORT), "tcp", "ali%40example.com", "fd00::9", "1", "1"),
                List.of(f[1], f[2], f[3], f[4], f[7], f[8]), out);
    }

    /** Polls the raw history output (bounded) for a line containing {@code text}. */
    String awaitLine(String what, String text) {
        for (int i = 0; i < 120; i++) {
            String out = ok(vps.exec(INSTALLED, "history")).stdout();
            for (String line : out.split("\n")) {
                if (line.contains(text)) {
                    return line;
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
        }
        throw new AssertionError(what + " never appeared");
    }

    @Test
    void recorderKilledOutright_theSelfCheckStartsItAgain_andItsUnitIsValid() {
        vps.host().startEchoServer(PORT);
        LabHost h1 = lab.host("c1");
        LabClient c1 = h1.client();
        deploy(LimitEntry.of(PORT, LimitMode.CONNECTIONS, 5));
        String unit = "/etc/systemd/system/portcullis-history.service";
        assertTrue(vps.exec("test", "-L", "/etc/systemd/system/multi-user.target.wants/portcullis-history.service").ok(),
                "enabled for a boot with systemd");
        Shell.Result verify = vps.exec("env", "SYSTEMD_LOG_LEVEL=notice", "systemd-analyze", "verify", "--man=no", unit);
        assertEquals(0, verify.exitCode(), verify.stderr());
        assertEquals("", verify.stderr().strip());
        LabClient.open(1, () -> c1.tcp(vps.ipv4(), PORT));
        awaitHistory("the first connection", m -> counts(m, h1.ipv4(), 1, 0));

        String before = ok(vps.exec("cat", "/run/portcullis/history.pid")).stdout().strip();
        ok(vps.exec("kill", "-KILL", before.split(" ")[0]));
        ok(withHistoryEnv(LimitsScriptLabTest.INSTALLED, "selfcheck"));
        String after = ok(vps.exec("cat", "/run/portcullis/history.pid")).stdout().strip();
        assertNotEquals(before, after, "a new recorder runs");
        // Ended: gone, or a zombie (the lab's PID 1 does not reap the orphans a real init reaps).
        assertTrue(vps.exec("bash", "-c", "for i in $(seq 1 50); do [ ! -e /proc/$1 ] || "
                + "[ \"$(awk '{ sub(/^.*\\) /, \"\"); print $1 }' /proc/$1/stat)\" = Z ] && exit 0; sleep 0.1; done; exit 1",
                "check", before.split(" ")[1]).ok(), "the killed recorder's conntrack was ended");
        LabClient.open(1, () -> c1.tcp(vps.ipv4(), PORT));
        awaitHistory("the connection after the restart, added to the first", m -> counts(m, h1.ipv4(), 2, 0));
    }

    @Test
    void aSyncThatChangesOnlyLimitsKeepsTheRecorder_whichFollowsANewPortBeforeTheApplyEnds_aNewScriptRestartsIt() {
        vps.host().startEchoServer(PORT, PORT + 1);
        LabHost h1 = lab.host("c1");
        LabClient c1 = h1.client();
        deploy(LimitEntry.of(PORT, LimitMode.CONNECTIONS, 5));
        String first = recorder();

        // What a sync sends when a limit changed: the same script with another limit embedded.
        deploy(LimitEntry.of(PORT, LimitMode.CONNECTIONS, 6));
        assertEquals(first, recorder(), "the same recorder runs");
        LabClient.open(1, () -> c1.tcp(vps.ipv4(), PORT));
        awaitLine("the connection after a sync that kept the recorder", " " + PORT + " tcp - " + h1.ipv4() + " ");

        // Another port: the same recorder has read it before the apply ends, so a connection right
        // after it counts.
        deploy(LimitEntry.of(PORT, LimitMode.CONNECTIONS, 6), LimitEntry.of(PORT + 1, LimitMode.CONNECTIONS, 5));
        LabClient.open(1, () -> c1.tcp(vps.ipv4(), PORT + 1));
        assertEquals(first, recorder(), "the same recorder runs");
        awaitLine("the new port's first connection", " " + (PORT + 1) + " tcp - " + h1.ipv4() + " ");

        // Another version of the script (its code changed): the recorder is restarted with it.
        vps.writeFile(SCRIPT, new ScriptGenerator().generate("lab", List.of(LimitEntry.of(PORT, LimitMode.CONNECTIONS, 6),
                LimitEntry.of(PORT + 1, LimitMode.CONNECTIONS, 5))) + "# a later version\n");
        ok(withHistoryEnv("bash", SCRIPT));
        assertNotEquals(first, recorder(), "a new recorder runs the new version");
    }

    /** The running recorder's PIDs (its own and its conntrack's). */
    String recorder() {
        return ok(vps.exec("cat", "/run/portcullis/history.pid")).stdout().strip();
    }

    // ---- disconnect ---------------------------------------------------------------------------

    @Test
    void disconnect_endsExactlyThatAddressesConnections() {
        vps.host().startEchoServer(PORT, PORT + 1);
        LabHost h1 = lab.host("c1");
        LabHost h2 = lab.host("c2");
        LabClient c1 = h1.client();
        LabClient c2 = h2.client();
        deploy(LimitEntry.of(PORT, LimitMode.CONNECTIONS, 10), LimitEntry.of(PORT + 1, LimitMode.CONNECTIONS, 10));

        List<Connection> c1v4 = LabClient.open(2, () -> c1.tcp(vps.ipv4(), PORT));
        List<Connection> c1other = LabClient.open(1, () -> c1.tcp(vps.ipv4(), PORT + 1));
        List<Connection> c1v6 = LabClient.open(1, () -> c1.tcp(vps.ipv6(), PORT));
        List<Connection> c2v4 = LabClient.open(2, () -> c2.tcp(vps.ipv4(), PORT));

        String out = ok(vps.exec(INSTALLED, "disconnect", h1.ipv4(), Integer.toString(PORT))).stdout();
        assertEquals("ended 2 connections of " + h1.ipv4(), out.strip());
        for (Connection c : c1v4) {
            assertNotEquals(OK, c1.probe(c), "c1's IPv4 connection to the port is ended");
        }
        assertStillWork(c1, c1other);
        assertStillWork(c1, c1v6);
        assertStillWork(c2, c2v4);

        // Without a port: every limited port; IPv6 as well.
        out = ok(vps.exec(INSTALLED, "disconnect", h1.ipv6())).stdout();
        assertEquals("ended 1 connections of " + h1.ipv6(), out.strip());
        assertNotEquals(OK, c1.probe(c1v6.get(0)));
        assertStillWork(c1, c1other);
        assertStillWork(c2, c2v4);
        assertEquals(OK, c1.tcp(vps.ipv4(), PORT).outcome(), "the address may connect again");

        Shell.Result bad = vps.exec(INSTALLED, "disconnect", "198.18.0.256");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.stderr().contains("198.18.0.256"), bad.stderr());
        assertFalse(vps.exec(INSTALLED, "disconnect", h1.ipv4() + "/32").ok(), "a prefix is not an address");
        assertEquals(2, vps.exec(INSTALLED, "disconnect", h1.ipv4(), "70000").exitCode());
    }

    // ---- bounds ---------------------------------------------------------------------------------

    @Test
    void floodOfDistinctAddresses_staysWithinTheCap_oldestDaysDroppedFirst() throws Exception {
        int cap = 20_000;
        recorderEnv.add("PORTCULLIS_HISTORY_MAX_BYTES=" + cap);
        long now = serverNow();
        // An older day already kept: 50 lines three days ago.
        StringBuilder old = new StringBuilder();
        long oldDay = (now / 86_400 - 3) * 86_400;
        String oldName = LocalDate.ofEpochDay(oldDay / 86_400).toString();
        for (int i = 1; i <= 50; i++) {
            old.append(oldName).append(' ').append(PORT).append(" both - 198.19.255.").append(i).append(' ')
                    .append(oldDay + i).append(' ').append(oldDay + i).append(" 1 0\n");
        }
        ok(vps.exec("mkdir", "-p", "-m", "0700", "/var/lib/portcullis"));
        ok(vps.execWithInput(old.toString(), "bash", "-c", "umask 077 && cat > " + HISTORY));
        vps.host().startEchoServer(PORT);
        LabHost flooder = lab.host("c1");
        deploy(LimitEntry.of(PORT, LimitMode.CONNECTIONS_PER_IP, 5).withProtocol(Protocol.BOTH));
        awaitHistory("the older day read", m -> m.size() == 50);

        // 3000 datagrams, each from another source address (rewritten on the way out: cheap).
        int count = 3000;
        ok(flooder.bash("""
                nft -f - <<EOF
                add table ip flood
                add chain ip flood out { type filter hook output priority 0; }
                add rule ip flood out udp dport %d ip saddr set numgen inc mod %d offset 3323133952
                EOF
                """.formatted(PORT, count)));
        Process flood = flooder.spawn("bash", "-c",
                "for i in $(seq 1 " + count + "); do printf x > /dev/udp/" + vps.ipv4() + "/" + PORT + "; done");
        long biggest = 0;
        for (int i = 0; i < 1200 && flood.isAlive(); i++) {
            biggest = Math.max(biggest, fileSize());
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        assertTrue(flood.waitFor(60, TimeUnit.SECONDS), "the flood ended");
        assertEquals(0, flood.exitValue());
        // A last client after the flood (the events come in order): by then the older day is gone.
        LabHost last = lab.host("c2");
        LabClient.open(1, () -> last.client().tcp(vps.ipv4(), PORT));
        Map<String, Line> h = awaitHistory("the newest address kept", m -> m.containsKey(last.ipv4()));
        for (int i = 0; i < 20; i++) {
            biggest = Math.max(biggest, fileSize());
        }
        assertTrue(biggest <= cap, "the history file stayed within " + cap + " bytes: " + biggest);
        assertFalse(h.keySet().stream().anyMatch(a -> a.startsWith("198.19.255.")), "the older day was dropped first");
        assertTrue(h.size() > 100 && h.size() < count, "the newest addresses kept, not all: " + h.size());
        assertTrue(h.values().stream().allMatch(l -> l.connections() == 1 && l.refused() == 0 && l.proto().equals("both")), h.toString());
    }

    long fileSize() {
        String out = vps.exec("stat", "-c", "%s", HISTORY).stdout().strip();
        return out.isEmpty() ? 0 : Long.parseLong(out);
    }

    // ---- alerts ---------------------------------------------------------------------------------

    static final String TOKEN = "123456789:AAHsecretSECRETsecret_0123456789abcdef";

    /** A stand-in for the Bot API in its own namespace: prints "PATH BODY" per request. */
    static final String FAKE_API = """
            import http.server, sys
            class H(http.server.BaseHTTPRequestHandler):
                def do_POST(self):
                    body = self.rfile.read(int(self.headers.get('Content-Length', '0'))).decode()
                    print(self.path, body, flush=True)
                    self.send_response(200)
                    self.send_header('Content-Type', 'application/json')
                    self.end_headers()
                    self.wfile.write(b'{"ok":true}')
                def log_message(self, *a):
                    pass
            http.server.HTTPServer(('0.0.0.0', 8081), H).serve_forever()
            """;

    @Test
    void telegram_oneMessagePerEntryWithinTenMinutes_observeEntriesToo_noToken() throws Exception {
        LabHost api = lab.host("tg");
        BlockingQueue<String> requests = fakeTelegram(api);
        vps.host().startEchoServer(PORT);
        LabClient c1 = lab.host("c1").client();
        LabClient c2 = lab.host("c2").client();
        LabClient c3 = lab.host("c3").client();
        vps.writeFile("/etc/portcullis/telegram", "token=" + TOKEN + "\nchat=-100123\n");
        ok(vps.exec("chmod", "0600", "/etc/portcullis/telegram"));
        recorderEnv.add("PORTCULLIS_TELEGRAM_API=http://" + api.ipv4() + ":8081");
        deploy(LimitEntry.of(PORT, LimitMode.DEVICES, 1).withProtocol(Protocol.TCP).withObserve(true));

        LabClient.open(1, () -> c1.tcp(vps.ipv4(), PORT));
        // Observing: the second device is let in, and counted as what would have been refused.
        assertEquals(OK, c2.tcp(vps.ipv4(), PORT).outcome());
        String request = requests.poll(30, TimeUnit.SECONDS);
        assertTrue(request != null, "a message arrived");
        assertTrue(request.startsWith("/bot" + TOKEN + "/sendMessage "), request);
        String body = URLDecoder.decode(request.substring(request.indexOf(' ') + 1),
                StandardCharsets.UTF_8);
        assertTrue(body.contains("chat_id=-100123"), body);
        assertTrue(body.contains("port " + PORT + "/tcp is over its limit: 1 attempts refused"), body);
        assertFalse(body.contains(TOKEN) || body.contains("AAHsecret"), "the message holds no token: " + body);

        // Another would-be refusal within ten minutes: counted, no second message.
        assertEquals(OK, c3.tcp(vps.ipv4(), PORT).outcome());
        awaitHistory("the second refusal recorded", m -> m.values().stream().mapToLong(Line::refused).sum() == 2);
        for (int i = 0; i < 100 && vps.exec("test", "-e", "/run/portcullis/history.alerts").ok(); i++) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        for (int i = 0; i < 100 && vps.exec("test", "-e", "/run/portcullis/history.alerts.sending").ok(); i++) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        assertFalse(vps.exec("test", "-e", "/run/portcullis/history.alerts").ok(), "the alert was taken in");
        assertEquals(null, requests.poll(), "rate-limited: one message per entry per 10 minutes");
        assertTrue(ok(vps.exec("cat", "/var/lib/portcullis/telegram.sent")).stdout().contains(PORT + "/tcp/- "));
    }

    @Test
    void telegram_connectionsObserveEntry_alertsFromItsRuleCounter() throws Exception {
        LabHost api = lab.host("tg");
        BlockingQueue<String> requests = fakeTelegram(api);
        vps.host().startEchoServer(PORT);
        LabHost h1 = lab.host("c1");
        LabClient c1 = h1.client();
        vps.writeFile("/etc/portcullis/telegram", "token=" + TOKEN + "\nchat=@portcullis_ops\n");
        ok(vps.exec("chmod", "0600", "/etc/portcullis/telegram"));
        recorderEnv.add("PORTCULLIS_TELEGRAM_API=http://" + api.ipv4() + ":8081");
        deploy(LimitEntry.of(PORT, LimitMode.CONNECTIONS, 1).withObserve(true));
        LabClient.open(1, () -> c1.tcp(vps.ipv4(), PORT));
        // Give the recorder the rule's counter before the would-be refusal (its first reading is the base).
        awaitHistory("the first connection", m -> counts(m, h1.ipv4(), 1, 0));
        LabClient.open(2, () -> c1.tcp(vps.ipv4(), PORT));
        String request = requests.poll(30, TimeUnit.SECONDS);
        assertTrue(request != null, "a message arrived");
        String body = URLDecoder.decode(request.substring(request.indexOf(' ') + 1),
                StandardCharsets.UTF_8);
        assertTrue(body.contains("chat_id=@portcullis_ops"), body);
        assertTrue(body.contains("port " + PORT + "/tcp is over its limit: 2 attempts refused (or, observing, would be)"), body);
        assertFalse(body.contains(TOKEN), body);
    }

    /** Starts the stand-in Bot API on {@code api}; each request's line arrives in the queue. */
    static BlockingQueue<String> fakeTelegram(LabHost api) {
        Process fake = api.spawn("/usr/bin/python3", "-c", FAKE_API);
        BlockingQueue<String> requests = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (var in = new BufferedReader(new InputStreamReader(fake.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    requests.add(line);
                }
            } catch (IOException e) {
                requests.add("read failed: " + e);
            }
        }, "fake-telegram");
        reader.setDaemon(true);
        reader.start();
        return requests;
    }
}
