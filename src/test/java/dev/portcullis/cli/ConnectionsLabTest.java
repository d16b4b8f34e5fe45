package dev.portcullis.cli;

import static dev.portcullis.lab.LabClient.Outcome.REFUSED;
import static dev.portcullis.cli.CliRunner.ok;
import static dev.portcullis.lab.LabClient.open;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.conntrack.PortSummary;
import dev.portcullis.conntrack.Snapshot;
import dev.portcullis.lab.Lab;
import dev.portcullis.lab.LabClient;
import dev.portcullis.lab.LabClient.Connection;
import dev.portcullis.lab.LabExtension;
import dev.portcullis.lab.LabHost;
import dev.portcullis.lab.LabSshd;
import dev.portcullis.lab.LabVps;
import dev.portcullis.model.AuthKind;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Protocol;
import dev.portcullis.model.Server;
import dev.portcullis.remote.ConnectionMonitor;
import dev.portcullis.remote.CredentialSource;
import dev.portcullis.remote.InMemoryHostKeyStore;
import dev.portcullis.remote.PollPolicy;
import dev.portcullis.remote.RemoteException;
import dev.portcullis.remote.SshConnector;
import dev.portcullis.remote.SshSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live connections against a real sshd and the real deployed script: clients in four namespaces
 * hold known connections (IPv4 and IPv6, TCP and UDP) to three limited ports (connections,
 * connections-per-ip, devices), some are refused, and what {@code connections --json} and the
 * monitor report must be exactly that.
 */
class ConnectionsLabTest {

    static final int PER_IP = 8443;
    static final int TOTAL = 9000;
    static final int DEVICES = 7000;

    @TempDir
    Path dir;
    @RegisterExtension
    final LabExtension labs = new LabExtension();
    private Lab lab;
    private LabVps vps;
    private LabSshd sshd;
    private CliRunner cli;
    private Path key;

    @BeforeEach
    void start() throws Exception {
        lab = labs.lab();
        sshd = LabSshd.startReachable(lab, "live", "ed25519");
        vps = sshd.vps();
        vps.host().startEchoServer(PER_IP, TOTAL, DEVICES);
        key = sshd.authorizeNewKey("root", dir);
        cli = CliRunner.withLabServer(dir, sshd, "root", key);
    }

    @AfterEach
    void stop() throws InterruptedException {
        // A stopped monitor's executor has terminated, but its thread may take a moment to end: a
        // bounded wait, so only a thread that never ends fails.
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("portcullis-monitor-")) {
                t.join(10_000);
            }
        }
        assertTrue(monitorThreads().isEmpty(), "monitor threads left: " + monitorThreads());
    }

    static List<String> monitorThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("portcullis-monitor-")).toList();
    }

    /** "tcp ipv4 198.18.x.2 8443" per connection, counted. */
    static Map<String, Integer> tally(JsonNode connections, Predicate<JsonNode> which) {
        Map<String, Integer> out = new TreeMap<>();
        for (JsonNode c : connections) {
            if (which.test(c)) {
                out.merge(c.get("protocol").asText() + " " + c.get("family").asText() + " " + c.get("src").asText()
                        + " " + c.get("dport").asInt(), 1, Integer::sum);
            }
        }
        return out;
    }

    static JsonNode port(JsonNode doc, int port) {
        for (JsonNode p : doc.get("ports")) {
            if (p.get("port").asInt() == port) {
                return p;
            }
        }
        throw new AssertionError("no port " + port + " in " + doc);
    }

    JsonNode connectionsJson(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("connections", "vps1", "--json"));
        Collections.addAll(args, extra);
        CliRunner.Result r = ok(cli.run(args.toArray(String[]::new)));
        return new ObjectMapper().readTree(r.out());
    }

    @Test
    void countsAddressesRefusalsAndMembersAreExactlyWhatWasOpenedAndRefused() throws Exception {
        ok(cli.run("limit", "set", "vps1", Integer.toString(PER_IP), "--max", "2", "--mode", "connections-per-ip", "--proto", "both"));
        ok(cli.run("limit", "set", "vps1", Integer.toString(TOTAL), "--max", "3", "--mode", "connections"));
        ok(cli.run("limit", "set", "vps1", Integer.toString(DEVICES), "--max", "2", "--mode", "devices", "--proto", "both"));
        CliRunner.Result sync = ok(cli.run("sync", "vps1"));
        assertTrue(sync.out().contains("1 in sync"), sync.toString());

        LabHost h1 = lab.host("c1");
        LabHost h2 = lab.host("c2");
        LabHost h3 = lab.host("c3");
        LabHost h4 = lab.host("c4");
        // c4 sits in a /64 of its own, so it is a device apart from c2 and c3 (which share the lab's /64).
        String otherNet = lab.ipv6Prefix().replace("::", ":1::");
        String c4Address = otherNet + "4";
        h4.addAddress(c4Address + "/64");
        vps.host().exec("ip", "-6", "route", "add", otherNet + "/64", "dev", "eth0");
        LabClient c1 = h1.client();
        LabClient c2 = h2.client();
        LabClient c3 = h3.client();
        LabClient c4 = h4.client();

        // connections-per-ip, max 2 per address: c1 two TCP over IPv4 (a third refused), c2 two UDP over IPv6 (a third refused).
        List<Connection> c1PerIp = open(2, () -> c1.tcp(vps.ipv4(), PER_IP));
        assertEquals(REFUSED, c1.tcp(vps.ipv4(), PER_IP).outcome());
        open(2, () -> c2.udp(vps.ipv6(), PER_IP));
        assertEquals(REFUSED, c2.udp(vps.ipv6(), PER_IP).outcome());
        // connections, max 3 on the port: c1 one, c3 two, c3's next refused.
        open(1, () -> c1.tcp(vps.ipv4(), TOTAL));
        open(2, () -> c3.tcp(vps.ipv4(), TOTAL));
        assertEquals(REFUSED, c3.tcp(vps.ipv4(), TOTAL).outcome());
        // devices, max 2: c1 (IPv4, 3 TCP + 1 UDP) and c4 (IPv6, 2 TCP) are the members; c3 and c2 are refused.
        open(3, () -> c1.tcp(vps.ipv4(), DEVICES));
        open(1, () -> c1.udp(vps.ipv4(), DEVICES));
        open(2, () -> c4.tcpFrom(c4Address, vps.ipv6(), DEVICES));
        // c3's TCP connection is reset once its handshake is done; the set is then known full for a
        // second, so c3's UDP and c2's TCP right after are refused at once.
        assertEquals(REFUSED, c3.tcp(vps.ipv4(), DEVICES).outcome());
        assertEquals(REFUSED, c3.udp(vps.ipv4(), DEVICES).outcome());
        assertEquals(REFUSED, c2.tcp(vps.ipv6(), DEVICES).outcome());

        JsonNode doc = connectionsJson();
        assertEquals("vps1", doc.get("server").asText());
        assertEquals(3, doc.get("ports").size(), doc.toPrettyString());

        JsonNode perIp = port(doc, PER_IP);
        assertEquals("connections-per-ip", perIp.get("mode").asText());
        assertEquals("both", perIp.get("protocol").asText());
        assertEquals(4, perIp.get("connections").asInt(), doc.toPrettyString());
        assertEquals(2, perIp.get("addresses").asInt());
        assertEquals(2, perIp.get("refused").asLong(), "one TCP over IPv4, one UDP over IPv6");
        assertFalse(perIp.get("overLimit").asBoolean());
        assertTrue(perIp.get("members").isEmpty());

        JsonNode total = port(doc, TOTAL);
        assertEquals(3, total.get("connections").asInt());
        assertEquals(2, total.get("addresses").asInt());
        assertEquals(1, total.get("refused").asLong());
        assertFalse(total.get("overLimit").asBoolean());

        JsonNode devices = port(doc, DEVICES);
        assertEquals(6, devices.get("connections").asInt());
        assertEquals(2, devices.get("addresses").asInt());
        assertEquals(3, devices.get("refused").asLong(), "c3 TCP and UDP, c2 TCP");
        assertFalse(devices.get("overLimit").asBoolean());
        Map<String, Integer> members = new TreeMap<>();
        for (JsonNode m : devices.get("members")) {
            members.put(m.get("address").asText(), m.get("connections").size());
            long left = m.get("expiresSeconds").asLong();
            assertTrue(left > 100 && left <= 120, "idle 120 s, just refreshed: " + left);
        }
        assertEquals(Map.of(h1.ipv4() + "/32", 4, otherNet + "/64", 2), members);

        Map<String, Integer> expected = new TreeMap<>(Map.of(
                "tcp ipv4 " + h1.ipv4() + " " + PER_IP, 2,
                "udp ipv6 " + h2.ipv6() + " " + PER_IP, 2,
                "tcp ipv4 " + h1.ipv4() + " " + TOTAL, 1,
                "tcp ipv4 " + h3.ipv4() + " " + TOTAL, 2,
                "tcp ipv4 " + h1.ipv4() + " " + DEVICES, 3,
                "udp ipv4 " + h1.ipv4() + " " + DEVICES, 1,
                "tcp ipv6 " + c4Address + " " + DEVICES, 2));
        // A devices entry resets a TCP connection that finds the set full once its handshake is done:
        // conntrack keeps it a few seconds as CLOSE, which counts for nothing.
        Predicate<JsonNode> live = c -> !"CLOSE".equals(c.path("state").asText());
        assertEquals(expected, tally(doc.get("connections"), live), "no refused attempt left a connection behind");
        for (JsonNode c : doc.get("connections")) {
            if (!live.test(c)) {
                assertEquals("tcp " + h3.ipv4() + " " + DEVICES, c.get("protocol").asText() + " " + c.get("src").asText()
                        + " " + c.get("dport").asInt(), "only c3's reset connection is closed: " + c);
                continue;
            }
            assertEquals(c.get("protocol").asText().equals("tcp") ? "ESTABLISHED" : null,
                    c.get("state").isNull() ? null : c.get("state").asText(), c.toString());
        }

        // --port: one port only.
        JsonNode only = connectionsJson("--port", Integer.toString(TOTAL));
        assertEquals(1, only.get("ports").size());
        assertEquals(Map.of("tcp ipv4 " + h1.ipv4() + " " + TOTAL, 1, "tcp ipv4 " + h3.ipv4() + " " + TOTAL, 2),
                tally(only.get("connections"), c -> true));
        // The table: one row per port and the connections.
        CliRunner.Result table = ok(cli.run("connections", "vps1"));
        assertTrue(table.out().contains("PORT") && table.out().contains("REFUSED") && table.out().contains("MEMBER"), table.out());
        assertTrue(table.out().contains(otherNet + "/64"), table.out());
        assertTrue(table.out().lines().anyMatch(l -> l.matches(DEVICES + " +both +devices +2 +6 +2 .*")), table.out());

        // The monitor over one session: the same figures, then the change after closing connections.
        BlockingQueue<Snapshot> snapshots = new LinkedBlockingQueue<>();
        BlockingQueue<RemoteException> errors = new LinkedBlockingQueue<>();
        List<LimitEntry> entries = List.of(
                LimitEntry.of(PER_IP, LimitMode.CONNECTIONS_PER_IP, 2).withProtocol(Protocol.BOTH),
                LimitEntry.of(TOTAL, LimitMode.CONNECTIONS, 3),
                LimitEntry.of(DEVICES, LimitMode.DEVICES, 2).withProtocol(Protocol.BOTH));
        Server server = new Server(0, "vps1", vps.ipv4(), 22, "root", AuthKind.KEY_FILE, key.toString(), false);
        SshConnector connector = trustedConnector(server, CredentialSource.none());
        try (ConnectionMonitor monitor = ConnectionMonitor.start(connector, server, entries,
                PollPolicy.withInterval(Duration.ofMillis(300)), listener(snapshots, errors))) {
            Snapshot first = snapshots.poll(30, TimeUnit.SECONDS);
            assertNotNull(first, "no snapshot; errors: " + errors);
            PortSummary d = first.port(DEVICES, Protocol.BOTH).orElseThrow();
            assertEquals(List.of(6, 2, 3L, 2), List.of(d.connections(), d.addresses(), d.refused(), d.members().size()));
            assertEquals(4, first.port(PER_IP, Protocol.BOTH).orElseThrow().connections());
            assertEquals(doc.get("connections").size(), first.connections().size());

            c1.close(c1PerIp.get(0));
            assertEquals(REFUSED, c3.tcp(vps.ipv4(), TOTAL).outcome());
            Snapshot after = null;
            for (int i = 0; i < 50; i++) {
                Snapshot s = snapshots.poll(10, TimeUnit.SECONDS);
                assertNotNull(s, "no snapshot; errors: " + errors);
                if (s.port(PER_IP, Protocol.BOTH).orElseThrow().connections() == 3
                        && s.port(TOTAL, Protocol.TCP).orElseThrow().refused() == 2) {
                    after = s;
                    break;
                }
            }
            assertNotNull(after, "a poll after closing one connection shows 3 on port " + PER_IP);
            PortSummary t = after.port(TOTAL, Protocol.TCP).orElseThrow();
            assertTrue(t.risingRefusals() || t.refused() == 2, "the new refusal is counted");
            assertEquals(6, after.port(DEVICES, Protocol.BOTH).orElseThrow().connections());
            assertTrue(errors.isEmpty(), errors.toString());
            assertEquals(ConnectionMonitor.State.WATCHING, monitor.state());
        }

        // --watch: one JSON document per line, two polls.
        CliRunner.Result watched = ok(cli.run("connections", "vps1", "--json", "--watch", "--interval", "1", "--polls", "2"));
        List<String> lines = watched.out().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(2, lines.size(), watched.toString());
        for (String line : lines) {
            assertEquals(3, port(new ObjectMapper().readTree(line), PER_IP).get("connections").asInt(), line);
        }
    }

    static ConnectionMonitor.Listener listener(BlockingQueue<Snapshot> snapshots, BlockingQueue<RemoteException> errors) {
        return new ConnectionMonitor.Listener() {
            @Override
            public void snapshot(Snapshot snapshot) {
                snapshots.add(snapshot);
            }

            @Override
            public void error(RemoteException error, Duration retryIn) {
                errors.add(error);
            }
        };
    }

    private SshConnector trustedConnector(Server server, CredentialSource credentials) throws Exception {
        InMemoryHostKeyStore keys = new InMemoryHostKeyStore();
        SshConnector connector = new SshConnector(keys, credentials, SshSettings.defaults()
                .withConnect(Duration.ofSeconds(5)).withCommand(Duration.ofSeconds(30)).withKnownHosts(null));
        connector.trust(server, sshd.fingerprints().get(0));
        return connector;
    }

    @Test
    void aChangedHostKeyStopsTheMonitorWithTheReason_aWrongPasswordToo() throws Exception {
        ok(cli.run("limit", "set", "vps1", Integer.toString(TOTAL), "--max", "3", "--mode", "connections"));
        ok(cli.run("sync", "vps1"));
        Server server = new Server(0, "vps1", vps.ipv4(), 22, "root", AuthKind.KEY_FILE, key.toString(), false);
        BlockingQueue<Snapshot> snapshots = new LinkedBlockingQueue<>();
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        BlockingQueue<ConnectionMonitor.State> states = new LinkedBlockingQueue<>();
        ConnectionMonitor.Listener listener = new ConnectionMonitor.Listener() {
            @Override
            public void snapshot(Snapshot snapshot) {
                snapshots.add(snapshot);
            }

            @Override
            public void error(RemoteException error, Duration retryIn) {
                events.add(error.reason().id() + (retryIn == null ? " stop" : " retry"));
            }

            @Override
            public void state(ConnectionMonitor.State state) {
                states.add(state);
            }
        };
        try (ConnectionMonitor monitor = ConnectionMonitor.start(trustedConnector(server, CredentialSource.none()), server,
                List.of(LimitEntry.of(TOTAL, LimitMode.CONNECTIONS, 3)), PollPolicy.withInterval(Duration.ofSeconds(1)), listener)) {
            assertNotNull(snapshots.poll(30, TimeUnit.SECONDS), "first poll: " + events);
            // A reinstalled (or impersonated) server: its sshd restarts with new keys, the session breaks.
            sshd.rotateHostKeys();
            ConnectionMonitor.State s = null;
            for (int i = 0; i < 20 && s != ConnectionMonitor.State.STOPPED; i++) {
                s = states.poll(10, TimeUnit.SECONDS);
            }
            assertEquals(ConnectionMonitor.State.STOPPED, s, "events: " + events);
            assertEquals("host key changed stop", events.get(events.size() - 1), events.toString());
            assertTrue(events.size() <= 3, "no retry storm: " + events);
            assertEquals(ConnectionMonitor.State.STOPPED, monitor.state());
        }

        // A wrong password on the command line: one line naming the reason, exit 1; --watch stops too.
        sshd.rootPassword("right password");
        CliRunner bad = new CliRunner(dir.resolve("data2")).env("HOME", dir.toString()).env("BAD_PW", "wrong password");
        ok(bad.run("server", "add", "bad", "--host", vps.ipv4(), "--password-env", "BAD_PW"));
        ok(bad.run("server", "trust", "bad", "--yes"));
        ok(bad.run("limit", "set", "bad", Integer.toString(TOTAL), "--max", "3"));
        CliRunner.Result once = bad.run("connections", "bad");
        assertEquals(1, once.code(), once.toString());
        assertTrue(once.err().startsWith("portcullis: bad: auth failed"), once.toString());
        CliRunner.Result watch = bad.run("connections", "bad", "--watch", "--interval", "1");
        assertEquals(1, watch.code(), watch.toString());
        assertEquals(1, watch.err().lines().count(), "one error, no retries: " + watch);
        assertTrue(watch.err().contains("auth failed") && watch.err().contains("(stopped)"), watch.toString());
    }
}
