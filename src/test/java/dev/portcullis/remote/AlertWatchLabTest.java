package dev.portcullis.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.conntrack.Snapshot;
import dev.portcullis.lab.Lab;
import dev.portcullis.lab.LabClient;
import dev.portcullis.lab.LabExtension;
import dev.portcullis.lab.LabSshd;
import dev.portcullis.model.AuthKind;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Server;
import dev.portcullis.ui.live.LiveAlerts;
import dev.portcullis.ui.settings.Appearance;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The background alert watch against real servers (sshd, the deployed script, iptables and
 * conntrack), with no live view: server A has an observe entry of at most 1 connection and a
 * client holds two, server B has room; a third server is B reached under another address whose
 * recorded host key is A's. The watch's snapshots, through the window's own alert logic, give one
 * notice for A and none for B; the wrong host key is reported once, typed, and that server is
 * neither polled again nor gives a snapshot.
 */
class AlertWatchLabTest {

    private static final int PORT = 9000;
    private static final String PASSWORD = "alert watch lab pass";

    @RegisterExtension
    final LabExtension labs = new LabExtension();

    @Test
    void overLimitOnAIsAlertedNothingForB_aWrongHostKeyIsSkippedWithOneTypedError() throws Exception {
        Lab lab = labs.lab();
        LabSshd sshdA = LabSshd.startReachable(lab, "a", "ed25519");
        LabSshd sshdB = LabSshd.startReachable(lab, "b", "ed25519");
        sshdA.rootPassword(PASSWORD);
        sshdB.rootPassword(PASSWORD);
        Server a = new Server(0, "a", sshdA.vps().ipv4(), 22, "root", AuthKind.PASSWORD, null, false);
        Server b = new Server(0, "b", sshdB.vps().ipv4(), 22, "root", AuthKind.PASSWORD, null, false);
        Server wrongKey = new Server(0, "b-by-ipv6", sshdB.vps().ipv6(), 22, "root", AuthKind.PASSWORD, null, false);
        SshConnector connector = LabConnectors.withPassword(PASSWORD, Duration.ofSeconds(60));
        connector.trust(a, null);
        connector.trust(b, null);
        connector.record(wrongKey, connector.recorded(a)); // B under another address, with A's key on record

        List<LimitEntry> entriesA = List.of(LimitEntry.of(PORT, LimitMode.CONNECTIONS, 1).withObserve(true));
        List<LimitEntry> entriesB = List.of(LimitEntry.of(PORT, LimitMode.CONNECTIONS, 3));
        EntryMapScripts scripts = new EntryMapScripts();
        scripts.set("a", entriesA);
        scripts.set("b", entriesB);
        Deployer deployer = new Deployer(connector, scripts, Duration.ofSeconds(5));
        assertEquals(Deployer.Outcome.APPLIED, deployer.sync(a, s -> { }).outcome());
        assertEquals(Deployer.Outcome.APPLIED, deployer.sync(b, s -> { }).outcome());
        sshdA.vps().host().startEchoServer(PORT);
        sshdB.vps().host().startEchoServer(PORT);
        LabClient client = lab.host("c1").client();
        // A: two connections where the observe entry allows one (observe lets both through); B: one of three.
        assertTrue(LabClient.open(2, () -> client.tcp(sshdA.vps().ipv4(), PORT)).stream().allMatch(LabClient.Connection::ok));
        assertTrue(client.tcp(sshdB.vps().ipv4(), PORT).ok());

        List<String> notices = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch noticed = new CountDownLatch(1);
        LiveAlerts alerts = new LiveAlerts(Duration.ofMinutes(10), Clock.systemUTC(), () -> Appearance.bundle(Locale.ENGLISH),
                (title, text) -> {
                    notices.add(title + " | " + text);
                    noticed.countDown();
                });
        Map<String, AtomicInteger> snapshots = new ConcurrentHashMap<>();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch roundsOfB = new CountDownLatch(3);
        AlertWatch.Listener listener = new AlertWatch.Listener() {
            @Override
            public void snapshot(String server, Snapshot snapshot) {
                snapshots.computeIfAbsent(server, s -> new AtomicInteger()).incrementAndGet();
                synchronized (alerts) { // the window hands each snapshot to its one FX thread
                    alerts.check(server, snapshot);
                }
                if (server.equals("b")) {
                    roundsOfB.countDown();
                }
            }

            @Override
            public void failed(String server, RemoteException error, boolean skipped) {
                failures.add(server + " " + error.reason() + (skipped ? " skipped" : ""));
            }
        };
        List<AlertWatch.Target> targets = List.of(new AlertWatch.Target(a, entriesA, 1),
                new AlertWatch.Target(wrongKey, entriesB, 1), new AlertWatch.Target(b, entriesB, 1));
        AtomicInteger opened = new AtomicInteger();
        AlertWatch watch = new AlertWatch(() -> targets, (server, entries) -> {
            opened.incrementAndGet();
            return new SshConnectionSource(connector, server, entries);
        }, Duration.ofSeconds(1), Clock.systemUTC(), listener, ConnectionMonitor.executorScheduler(AlertWatch.THREAD_NAME));
        try {
            watch.start();
            assertTrue(noticed.await(60, TimeUnit.SECONDS), "a notice for A");
            assertTrue(roundsOfB.await(60, TimeUnit.SECONDS), "three rounds checked B");
        } finally {
            watch.close();
        }
        assertEquals(List.of("Portcullis: a | Port 9000 (tcp) would be over its limit (observe): 2 of 1"), notices,
                "A once (quiet period), B never");
        assertEquals(List.of("b-by-ipv6 HOST_KEY_CHANGED skipped"), failures, "said once, not every round");
        assertFalse(snapshots.containsKey("b-by-ipv6"), "no snapshot from a server whose key is not the recorded one");
        assertTrue(snapshots.get("a").get() >= 2, "A checked every round: " + snapshots);
        assertEquals(3, opened.get(), "one poll per server, kept across rounds");
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(AlertWatch.THREAD_NAME)) {
                t.join(10_000);
                assertFalse(t.isAlive(), "the watch's thread ends with it");
            }
        }
    }
}
