package dev.portcullis.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.fleet.FleetSync;
import dev.portcullis.fleet.SyncListener;
import dev.portcullis.fleet.SyncResult;
import dev.portcullis.fleet.SyncStatus;
import dev.portcullis.lab.Lab;
import dev.portcullis.lab.LabExtension;
import dev.portcullis.lab.LabSshd;
import dev.portcullis.lab.LabVps;
import dev.portcullis.lab.SwitchRelay;
import dev.portcullis.model.AuthKind;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Server;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Host-key trust against real sshd servers: a man in the middle who lets only the first
 * handshake reach the real server gets nothing recorded and nothing sent; servers that offer only
 * weak algorithms are refused; a silent host is tried once (one connect timeout).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostKeyTrustLabTest {

    private static final String PASSWORD = "same root pass";
    private static final String VERBOSE = "LogLevel VERBOSE\n";
    private static final String WEAK = "KexAlgorithms diffie-hellman-group1-sha1,diffie-hellman-group14-sha1\n"
            + "Ciphers aes128-cbc,3des-cbc\nMACs hmac-sha1\nHostKeyAlgorithms ssh-rsa\n";

    @RegisterExtension
    final LabExtension labs = new LabExtension();
    private Lab lab;
    private LabSshd real;
    private LabSshd impostor;
    private LabSshd weak;
    private final EntryMapScripts scripts = new EntryMapScripts();
    private final CredentialSource credentials = FixedCredentials.withPassword(PASSWORD);

    @BeforeAll
    void start() {
        lab = labs.lab();
        lab.attachTestJvm();
        real = LabSshd.start(LabVps.create(lab, "real"), "ed25519");
        real.rootPassword(PASSWORD);
        // The impostor has no key of the type the operator verified: it hopes to be asked for another.
        impostor = LabSshd.startWith(LabVps.create(lab, "mitm"), VERBOSE, "ecdsa", "rsa");
        impostor.rootPassword(PASSWORD);
        weak = LabSshd.startWith(LabVps.create(lab, "weak"), VERBOSE + WEAK, "rsa");
        weak.rootPassword(PASSWORD);
    }

    private SshConnector connector(HostKeyStore store, Duration connect) {
        return new SshConnector(store, credentials, SshSettings.defaults().withConnect(connect)
                .withCommand(Duration.ofSeconds(60)).withKnownHosts(null));
    }

    private FleetSync fleet(SshConnector connector) {
        return new FleetSync(new Deployer(connector, scripts, Duration.ofSeconds(3)));
    }

    private static Server root(String name, String host, int port) {
        return new Server(0, name, host, port, "root", AuthKind.PASSWORD, null, false);
    }

    /** sshd log lines that mean a client got as far as authenticating. */
    private static List<String> authLines(String log) {
        return log.lines().filter(l -> l.contains("Accepted") || l.contains("Failed ") || l.contains("authenticating user")
                || l.contains("Postponed") || l.contains("session opened")).toList();
    }

    @Test
    void aManInTheMiddleAnsweringLaterHandshakesGetsNothingRecordedAndReceivesNothing() throws Exception {
        scripts.set("direct", List.of(LimitEntry.of(8443, LimitMode.CONNECTIONS, 3)));
        scripts.set("relayed", List.of(LimitEntry.of(8443, LimitMode.CONNECTIONS, 3)));
        assertEquals("", impostor.vps().exec("ls", "-A", "/tmp").orThrow().stdout(), "an empty /tmp to begin with");
        String verified = real.fingerprints().get(0);

        // Without a relay, trusting the verified fingerprint records a key that works.
        InMemoryHostKeyStore direct = new InMemoryHostKeyStore();
        SshConnector straight = connector(direct, Duration.ofSeconds(5));
        Server realServer = root("direct", real.vps().ipv4(), 22);
        straight.trust(realServer, verified);
        SyncResult ok = fleet(straight).sync(List.of(realServer), 1, SyncListener.NONE).get(0);
        assertEquals(SyncStatus.OK, ok.status(), String.valueOf(ok.error()));
        assertTrue(real.vps().readFile("/etc/portcullis/limits.conf").contains("8443"));
        assertTrue(real.vps().exec("test", "-e", LabVps.upperLayer("/etc") + "/portcullis").ok(), "what a sync leaves");

        InMemoryHostKeyStore store = new InMemoryHostKeyStore();
        SshConnector connector = connector(store, Duration.ofSeconds(5));
        try (SwitchRelay relay = new SwitchRelay(new InetSocketAddress(real.vps().ipv4(), 22),
                new InetSocketAddress(impostor.vps().ipv4(), 22))) {
            Server relayed = root("relayed", "127.0.0.1", relay.port());
            connector.trust(relayed, verified);
            assertEquals(1, relay.toFirst(), "the first handshake reached the real server");
            assertTrue(store.keysFor("127.0.0.1", relay.port()).stream().allMatch(k -> k.fingerprint().equals(verified)),
                    "only the verified key is recorded: " + store.keysFor("127.0.0.1", relay.port()));

            int before = relay.toLater();
            SyncResult r = fleet(connector).sync(List.of(relayed), 1, SyncListener.NONE).get(0);
            assertEquals(SyncStatus.FAILED, r.status(), String.valueOf(r.error()));
            assertEquals(RemoteException.Reason.HOST_KEY_CHANGED, r.reason(), r.error());
            assertTrue(r.error().contains("ssh-ed25519"), "names the recorded type: " + r.error());
            assertTrue(relay.toLater() > before, "the sync did reach the impostor");
        }
        // What a sync writes lands in /tmp (the upload) and in the server's overlays (the install).
        assertEquals("", impostor.vps().exec("ls", "-A", "/tmp").orThrow().stdout(), "nothing uploaded to the impostor");
        assertFalse(impostor.vps().exec("test", "-e", LabVps.upperLayer("/etc") + "/portcullis").ok(), "nothing installed");
        assertFalse(impostor.vps().exec("test", "-e", LabVps.upperLayer("/usr/local") + "/sbin").ok(), "nothing installed");
        String log = impostor.stopAndLog();
        assertEquals(List.of(), authLines(log), "no login was attempted at the impostor:\n" + log);
        assertTrue(log.contains("no matching host key type"), "the impostor was only ever asked for ed25519:\n" + log);
    }

    @Test
    void aServerOfferingOnlyWeakAlgorithmsIsRefusedBeforeLogin() throws Exception {
        SshConnector connector = connector(new InMemoryHostKeyStore(), Duration.ofSeconds(5));
        Server w = root("weak", weak.vps().ipv4(), 22);
        RemoteException scan = assertThrows(RemoteException.class, () -> connector.scan(w.host(), 22));
        assertTrue(scan.getMessage().contains("modern algorithms"), scan.getMessage());

        // Even with its key recorded by hand, no session is opened and no password is sent.
        String[] pub = weak.publicKey("rsa");
        InMemoryHostKeyStore store = new InMemoryHostKeyStore();
        store.record(w.host(), 22, List.of(new HostKey(pub[0], HostKey.fingerprint(java.util.Base64.getDecoder()
                .decode(pub[1])), pub[1])));
        RemoteException open = assertThrows(RemoteException.class, () -> connector(store, Duration.ofSeconds(5)).open(w));
        assertTrue(open.reason() != RemoteException.Reason.AUTH_FAILED, open.toString());
        String log = weak.stopAndLog();
        assertEquals(List.of(), authLines(log), "no login was attempted:\n" + log);
        assertTrue(log.contains("Unable to negotiate"), log);
    }

    @Test
    void trustingASilentHostMakesOneAttemptNotOnePerKeyType() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException ended) {
                    // the listener was closed
                }
            }, "silent-host");
            acceptor.setDaemon(true);
            acceptor.start();
            SshConnector connector = connector(new InMemoryHostKeyStore(), Duration.ofSeconds(2));
            RemoteException e = assertThrows(RemoteException.class,
                    () -> connector.trust(root("silent", "127.0.0.1", silent.getLocalPort()), null));
            assertEquals(RemoteException.Reason.TIMEOUT, e.reason(), e.toString());
            // Each attempt is bounded by the connect timeout; one attempt means one timeout in all.
            assertEquals(1, held.size(), "one handshake attempt, not one per key type");
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
