package dev.portcullis.remote;

import static dev.portcullis.remote.ConnectionMonitorTest.failure;
import static dev.portcullis.remote.ConnectionMonitorTest.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.conntrack.Snapshot;
import dev.portcullis.model.AuthKind;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Server;
import dev.portcullis.remote.ConnectionMonitorTest.ManualScheduler;
import dev.portcullis.remote.ConnectionMonitorTest.ScriptedSource;
import dev.portcullis.remote.RemoteException.Reason;
import dev.portcullis.AppContext;
import dev.portcullis.store.Inventory;
import dev.portcullis.store.KnownHostKey;
import dev.portcullis.store.ServerSecrets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert watch's rounds with a hand-driven scheduler and scripted polls: every server once per
 * round, one at a time, sessions closed after each poll; a failure said once; a failure waiting
 * does not fix skips that server until it changes or the servers list does; servers added, edited
 * and removed are picked up.
 */
class AlertWatchTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final List<LimitEntry> ENTRIES = List.of(LimitEntry.of(8443, LimitMode.CONNECTIONS, 1));

    private final ManualScheduler scheduler = new ManualScheduler();
    private final Map<String, List<ScriptedSource>> opened = new HashMap<>();
    private final Map<String, ScriptedSource> next = new HashMap<>();
    private final List<String> events = new ArrayList<>();
    private final AtomicReference<List<AlertWatch.Target>> targets = new AtomicReference<>(List.of());

    private static Server server(String name, String host) {
        return new Server(0, name, host, 22, "root", AuthKind.PASSWORD, null, false);
    }

    private static AlertWatch.Target target(String name, Object trust) {
        return new AlertWatch.Target(server(name, name + ".example"), ENTRIES, trust);
    }

    /** The source the watch gets the next time it opens one for this server. */
    private ScriptedSource source(String name) {
        return next.computeIfAbsent(name, n -> new ScriptedSource());
    }

    private AlertWatch watch() {
        return watch(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), AlertWatch.Collector.NONE);
    }

    private AlertWatch watch(Clock clock, AlertWatch.Collector history) {
        AlertWatch w = new AlertWatch(targets::get, (server, entries) -> {
            ScriptedSource s = next.remove(server.name());
            ScriptedSource used = s != null ? s : new ScriptedSource();
            opened.computeIfAbsent(server.name(), n -> new ArrayList<>()).add(used);
            return used;
        }, MINUTE, clock, new AlertWatch.Listener() {
            @Override
            public void snapshot(String server, Snapshot snapshot) {
                events.add(server + " snapshot " + snapshot.lines());
            }

            @Override
            public void failed(String server, RemoteException error, boolean skipped) {
                events.add(server + " failed " + error.reason().id() + (skipped ? " skipped" : ""));
            }
        }, history, scheduler);
        w.start();
        return w;
    }

    @Test
    void theHistoryIsFetchedAfterAPollThatWorked_atMostEveryFifteenMinutes_withThePollsSessionClosed() {
        targets.set(List.of(target("a", 1), target("b", 1)));
        source("a").then(snapshot(1)).then(snapshot(2)).then(failure(Reason.TIMEOUT)).then(snapshot(3));
        source("b").then(snapshot(1)).then(snapshot(2)).then(snapshot(3)).then(snapshot(4));
        AtomicReference<Instant> now = new AtomicReference<>(Instant.EPOCH);
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        List<String> collected = new ArrayList<>();
        watch(clock, server -> {
            ScriptedSource polled = opened.get(server.name()).get(0);
            collected.add(server.name() + " at " + Duration.between(Instant.EPOCH, now.get()).toMinutes()
                    + " min, sessions closed " + polled.closes + " of " + polled.polls);
            if (server.name().equals("a")) {
                throw new RemoteException(Reason.UNREACHABLE, "a: history not fetched");
            }
        });
        scheduler.runNext();
        now.set(Instant.EPOCH.plus(Duration.ofMinutes(1)));
        scheduler.runNext();
        now.set(Instant.EPOCH.plus(Duration.ofMinutes(16)));
        scheduler.runNext();
        now.set(Instant.EPOCH.plus(Duration.ofMinutes(17)));
        scheduler.runNext();
        assertEquals(List.of("a at 0 min, sessions closed 1 of 1", "b at 0 min, sessions closed 1 of 1",
                "b at 16 min, sessions closed 3 of 3", "a at 17 min, sessions closed 4 of 4"), collected,
                "after a poll that worked (not after a's timeout at 16 min), once its session is closed, every 15 min;"
                        + " a history that cannot be fetched does not stop the round");
        assertEquals(List.of("a snapshot 1", "b snapshot 1", "a snapshot 2", "b snapshot 2", "a failed timeout",
                "b snapshot 3", "a snapshot 3", "b snapshot 4"), events);
    }

    @Test
    void everyServerOncePerRound_oneAtATime_sessionClosedAfterEachPoll_previousSnapshotPassed() {
        targets.set(List.of(target("a", 1), target("b", 1)));
        Snapshot a1 = snapshot(1);
        source("a").then(a1).then(snapshot(3));
        source("b").then(snapshot(2)).then(snapshot(4));
        AlertWatch watch = watch();
        scheduler.runNext();
        assertEquals(List.of("a snapshot 1", "b snapshot 2"), events);
        scheduler.runNext();
        assertEquals(List.of("a snapshot 1", "b snapshot 2", "a snapshot 3", "b snapshot 4"), events);
        assertEquals(List.of(Duration.ZERO, MINUTE, MINUTE), scheduler.delays, "a round right away, then one a minute");
        ScriptedSource a = opened.get("a").get(0);
        assertEquals(1, opened.get("a").size(), "one poll per server kept across rounds");
        assertEquals(2, a.closes, "its session closed after each poll");
        assertNull(a.previousSeen.get(0));
        assertSame(a1, a.previousSeen.get(1), "rising refusals are seen against the previous round");
        watch.close();
        assertTrue(scheduler.shutdown);
        assertTrue(scheduler.pending.peek().isCancelled());
    }

    @Test
    void aFailureThatMayPassIsSaidOnce_andAgainOnlyAfterTheServerWorked() {
        targets.set(List.of(target("a", 1)));
        source("a").then(failure(Reason.UNREACHABLE)).then(failure(Reason.UNREACHABLE)).then(failure(Reason.TIMEOUT))
                .then(snapshot(1)).then(failure(Reason.TIMEOUT));
        watch();
        List<Integer> polledInRound = new ArrayList<>();
        for (int round = 1; round <= 9; round++) {
            int before = opened.containsKey("a") ? opened.get("a").get(0).polls : 0;
            scheduler.runNext();
            if (opened.get("a").get(0).polls > before) {
                polledInRound.add(round);
            }
        }
        assertEquals(List.of("a failed unreachable", "a failed timeout", "a snapshot 1", "a failed timeout"), events);
        assertEquals(List.of(1, 2, 4, 8, 9), polledInRound,
                "after failures in a row: the next round, then every 2, then 4 rounds; every round once it works");
    }

    @Test
    void aServerThatStaysDownIsTriedEveryEightRoundsAtMost() {
        targets.set(List.of(target("a", 1)));
        ScriptedSource down = source("a");
        for (int i = 0; i < 10; i++) {
            down.then(failure(Reason.UNREACHABLE));
        }
        watch();
        for (int round = 0; round < 1 + 2 + 4 + 8 + 8 + 8; round++) {
            scheduler.runNext();
        }
        assertEquals(6, down.polls, "rounds 1, 2, 4, 8, 16, 24 of 31");
        assertEquals(List.of("a failed unreachable"), events, "said once");
    }

    @Test
    void aChangedHostKeyOrRefusedLoginSkipsTheServerUntilItOrTheListChanges() {
        targets.set(List.of(target("a", "key 1"), target("b", 1)));
        source("a").then(failure(Reason.HOST_KEY_CHANGED));
        source("b").then(failure(Reason.AUTH_FAILED));
        current = watch();
        scheduler.runNext();
        scheduler.runNext();
        scheduler.runNext();
        assertEquals(List.of("a failed host key changed skipped", "b failed auth failed skipped"), events,
                "said once, not every round");
        assertEquals(1, opened.get("a").get(0).polls, "never polled again");
        assertEquals(1, opened.get("b").get(0).polls);

        // The operator trusts a's new key (its recorded keys change): a is checked again; b still skipped.
        source("a").then(snapshot(7)).then(snapshot(8));
        targets.set(List.of(target("a", "key 2"), target("b", 1)));
        scheduler.runNext();
        assertEquals("a snapshot 7", events.get(2));
        assertEquals(3, events.size());
        assertEquals(1, opened.get("b").size());

        // The servers list changed (b's password edited): b is tried again, and its failure said again.
        source("b").then(failure(Reason.AUTH_FAILED));
        watch_serversChanged();
        scheduler.runNext();
        assertEquals(List.of("a snapshot 8", "b failed auth failed skipped"), events.subList(3, events.size()));
        assertEquals(2, opened.get("b").size());
    }

    private AlertWatch current;

    private void watch_serversChanged() {
        current.serversChanged();
    }

    @Test
    void serversAddedEditedAndRemovedArePickedUp() {
        targets.set(List.of(target("a", 1)));
        source("a").then(snapshot(1));
        current = watch();
        scheduler.runNext();
        Server moved = server("a", "a2.example");
        source("a").then(snapshot(2));
        source("c").then(snapshot(3));
        targets.set(List.of(new AlertWatch.Target(moved, ENTRIES, 1), target("c", 1)));
        scheduler.runNext();
        assertEquals(List.of("a snapshot 1", "a snapshot 2", "c snapshot 3"), events);
        assertEquals(2, opened.get("a").size(), "an edited server gets a fresh poll");
        assertNull(opened.get("a").get(1).previousSeen.get(0), "and no snapshot of its old self");
        targets.set(List.of());
        scheduler.runNext();
        assertEquals(3, events.size(), "a removed server is not checked");
    }

    @Test
    void aRoundThatCannotReadTheServersOrPollFailsBadlyIsNotTheLast() {
        targets.set(null);
        current = new AlertWatch(() -> {
            throw new IllegalStateException("store closed");
        }, (s, e) -> new ScriptedSource(), MINUTE, Clock.systemUTC(), new AlertWatch.Listener() {
            @Override
            public void snapshot(String server, Snapshot snapshot) {
            }

            @Override
            public void failed(String server, RemoteException error, boolean skipped) {
            }
        }, scheduler);
        current.start();
        scheduler.runNext();
        assertEquals(2, scheduler.delays.size(), "the next round is scheduled all the same");
        assertThrows(IllegalArgumentException.class, () -> new AlertWatch(List::of, (s, e) -> null, Duration.ZERO,
                Clock.systemUTC(), null, scheduler));
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheRound() {
        targets.set(List.of(target("a", 1), target("b", 1)));
        source("a").then(snapshot(1));
        source("b").then(snapshot(2));
        List<String> seen = new ArrayList<>();
        new AlertWatch(targets::get, (s, e) -> next.remove(s.name()), MINUTE, Clock.systemUTC(), new AlertWatch.Listener() {
            @Override
            public void snapshot(String server, Snapshot snapshot) {
                seen.add(server);
                throw new IllegalStateException("listener broke");
            }

            @Override
            public void failed(String server, RemoteException error, boolean skipped) {
            }
        }, scheduler).start();
        scheduler.runNext();
        assertEquals(List.of("a", "b"), seen);
    }

    @Test
    void theInventorysServersWithEnabledEntriesAreChecked_aNewlyTrustedKeyIsAChange(@TempDir Path dir) throws Exception {
        try (AppContext app = AppContext.open(dir, creating -> "correct horse battery staple".toCharArray())) {
            Inventory inventory = app.inventory();
            for (String name : List.of("on", "off", "empty")) {
                inventory.addServer(new Server(Server.NEW, name, "198.18.0.10", 22, "root", AuthKind.KEY_FILE,
                        "/home/op/.ssh/id_ed25519", false), ServerSecrets.NONE);
            }
            LimitEntry enabled = LimitEntry.of(443, LimitMode.CONNECTIONS, 5);
            inventory.setLimit("on", enabled);
            inventory.setLimit("on", LimitEntry.of(8443, LimitMode.CONNECTIONS, 5).withEnabled(false));
            inventory.setLimit("off", LimitEntry.of(443, LimitMode.CONNECTIONS, 5).withEnabled(false));

            List<AlertWatch.Target> read = AlertWatch.fromInventory(inventory).read();
            assertEquals(List.of("on"), read.stream().map(t -> t.server().name()).toList(),
                    "only servers with enabled entries");
            assertEquals(List.of(enabled), read.get(0).entries());
            assertEquals(read, AlertWatch.fromInventory(inventory).read(), "the same inventory reads the same");

            inventory.trustHostKeys("198.18.0.10", 22, List.of(new KnownHostKey("198.18.0.10", 22, "ssh-ed25519",
                    "AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl", "SHA256:x")));
            assertNotEquals(read.get(0), AlertWatch.fromInventory(inventory).read().get(0),
                    "a key trusted since: a server skipped for its host key is tried again");
        }
    }
}
