package dev.portcullis.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.model.AuthKind;
import dev.portcullis.model.Server;
import dev.portcullis.remote.Change;
import dev.portcullis.remote.Deployer;
import dev.portcullis.remote.Plan;
import dev.portcullis.remote.RemoteException;
import dev.portcullis.remote.ServerDeployer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Bounded parallelism, one result per server in order, a slow server holding only its own slot, and
 * the JSON shape. Concurrency is shown by latches the fake servers wait on, never by elapsed time.
 */
class FleetSyncTest {

    /** Long enough never to be reached on a loaded machine unless the fleet is broken. */
    private static final long BOUND_SECONDS = 30;

    /**
     * Before answering, every server waits at {@code gate}; servers named dead* then fail, same*
     * are unchanged, the rest apply. Counts how many syncs run at once.
     */
    private static final class FakeDeployer implements ServerDeployer {
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger peak = new AtomicInteger();
        final Gate gate;

        FakeDeployer(Gate gate) {
            this.gate = gate;
        }

        @Override
        public Plan plan(Server server, Consumer<String> progress) {
            return new Plan(server.name(), server.name().startsWith("same") ? List.of()
                    : List.of(new Change(Change.Kind.ADD, "443/tcp", "connections max 1")));
        }

        @Override
        public Deployer.Result sync(Server server, Consumer<String> progress) throws RemoteException {
            int now = running.incrementAndGet();
            peak.accumulateAndGet(now, Math::max);
            try {
                progress.accept("connecting");
                String n = server.name();
                gate.pass(n);
                if (n.startsWith("dead")) {
                    throw new RemoteException(RemoteException.Reason.UNREACHABLE, n + " did not answer within 1 s");
                }
                return n.startsWith("same") ? new Deployer.Result(Deployer.Outcome.UNCHANGED, new Plan(n, List.of()))
                        : new Deployer.Result(Deployer.Outcome.APPLIED, plan(server, progress));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RemoteException(RemoteException.Reason.TIMEOUT, "interrupted");
            } finally {
                running.decrementAndGet();
            }
        }
    }

    private interface Gate {
        void pass(String server) throws InterruptedException;
    }

    private static List<Server> servers(String... names) {
        List<Server> list = new ArrayList<>();
        for (String n : names) {
            list.add(new Server(0, n, "198.18.0.1", 22, "root", AuthKind.PASSWORD, null, false));
        }
        return list;
    }

    @Test
    void parallelismIsBoundedAndEveryServerGetsOneResultInOrder() {
        // The first four servers wait until all four are in sync() together: with fewer than four
        // slots the latch never opens and the test fails; a fifth at once would raise the peak.
        CountDownLatch together = new CountDownLatch(4);
        AtomicInteger metAll = new AtomicInteger();
        FakeDeployer fake = new FakeDeployer(server -> {
            if (together.getCount() > 0) {
                together.countDown();
                if (together.await(BOUND_SECONDS, TimeUnit.SECONDS)) {
                    metAll.incrementAndGet();
                }
            }
        });
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            names.add("s" + i);
        }
        List<String> finished = new CopyOnWriteArrayList<>();
        ConcurrentHashMap<String, String> steps = new ConcurrentHashMap<>();
        List<SyncResult> results = new FleetSync(fake).sync(servers(names.toArray(String[]::new)), 4, new SyncListener() {
            @Override
            public void step(String server, String step) {
                steps.put(server, step);
            }

            @Override
            public void finished(SyncResult result) {
                finished.add(result.server());
            }
        });
        assertEquals(4, metAll.get(), "four syncs were running at the same time");
        assertEquals(names, results.stream().map(SyncResult::server).toList());
        assertEquals(4, fake.peak.get());
        assertEquals(20, finished.size());
        assertEquals(20, steps.size());
        assertTrue(results.stream().allMatch(r -> r.status() == SyncStatus.OK));
    }

    @Test
    void aDeadServerDelaysNobodyButItself() {
        // dead1 hangs until every other server has finished: were it holding anyone up, the
        // latch would never open and dead1 would not fail with its own reason.
        List<String> finished = new CopyOnWriteArrayList<>();
        CountDownLatch othersDone = new CountDownLatch(6);
        AtomicBoolean deadSawOthersFinish = new AtomicBoolean();
        FakeDeployer fake = new FakeDeployer(server -> {
            if (server.startsWith("dead")) {
                deadSawOthersFinish.set(othersDone.await(BOUND_SECONDS, TimeUnit.SECONDS));
            }
        });
        List<SyncResult> results = new FleetSync(fake).sync(servers("dead1", "a", "b", "c", "d", "e", "same1"), 8,
                new SyncListener() {
                    @Override
                    public void finished(SyncResult result) {
                        finished.add(result.server());
                        othersDone.countDown();
                    }
                });
        assertTrue(deadSawOthersFinish.get(), "the others finished while dead1 was still hanging: " + finished);
        assertEquals("dead1", finished.get(finished.size() - 1));
        assertEquals(SyncStatus.FAILED, results.get(0).status());
        assertEquals(RemoteException.Reason.UNREACHABLE, results.get(0).reason());
        assertEquals("unreachable: dead1 did not answer within 1 s", results.get(0).error());
        assertEquals(SyncStatus.UNCHANGED, results.get(6).status());
        assertEquals(1, SyncReport.exitCode(results));
        assertEquals(0, SyncReport.exitCode(results.subList(1, 7)));
    }

    @Test
    void jsonHasTheDocumentedShape() throws Exception {
        List<SyncResult> results = List.of(
                new SyncResult("a", SyncStatus.OK, null, null, 1.25, List.of()),
                new SyncResult("b", SyncStatus.FAILED, RemoteException.Reason.AUTH_FAILED, "auth failed: root@b:22 refused the password login", 0.5, List.of()));
        JsonNode root = new ObjectMapper().readTree(SyncReport.json(results, false));
        assertEquals(1, root.size());
        JsonNode a = root.get("results").get(0);
        assertEquals(List.of("server", "status", "error", "seconds"), iterableNames(a));
        assertEquals("ok", a.get("status").asText());
        assertTrue(a.get("error").isNull());
        assertEquals(1.25, a.get("seconds").asDouble());
        assertEquals("failed", root.get("results").get(1).get("status").asText());
        assertTrue(root.get("results").get(1).get("error").asText().startsWith("auth failed: "));
        assertNull(results.get(0).reason());
    }

    @Test
    void parallelOutOfRangeIsRefused() {
        FleetSync fleet = new FleetSync(new FakeDeployer(server -> { }));
        assertThrows(IllegalArgumentException.class, () -> fleet.sync(servers("a"), 0, SyncListener.NONE));
        assertThrows(IllegalArgumentException.class, () -> fleet.sync(servers("a"), 65, SyncListener.NONE));
    }

    @Test
    void theFleetRecordsEachSyncsOutcomeBeforeTellingTheListenerAndNeverAPlan() {
        java.util.Map<String, SyncStatus> recorded = new ConcurrentHashMap<>();
        List<String> unrecordedWhenFinished = new CopyOnWriteArrayList<>();
        FleetSync fleet = new FleetSync(new FakeDeployer(server -> { }), (server, result) -> {
            assertEquals(server.name(), result.server());
            assertNull(recorded.put(server.name(), result.status()), "recorded twice: " + server.name());
        });
        List<SyncResult> results = fleet.sync(servers("dead1", "a", "same1"), 2, new SyncListener() {
            @Override
            public void finished(SyncResult result) {
                if (!recorded.containsKey(result.server())) {
                    unrecordedWhenFinished.add(result.server());
                }
            }
        });
        assertEquals(java.util.Map.of("dead1", SyncStatus.FAILED, "a", SyncStatus.OK, "same1", SyncStatus.UNCHANGED), recorded);
        assertEquals(List.of(), unrecordedWhenFinished, "the listener heard of a sync before it was recorded");
        assertEquals(3, results.size());

        recorded.clear();
        fleet.plan(servers("a", "same1"), 2, SyncListener.NONE);
        assertEquals(java.util.Map.of(), recorded, "a plan is not recorded");
    }

    @Test
    void aRecordThatFailsLeavesTheResultAsItWas() {
        FleetSync fleet = new FleetSync(new FakeDeployer(server -> { }), (server, result) -> {
            throw new IllegalStateException("the database is gone");
        });
        List<SyncResult> results = fleet.sync(servers("a"), 1, SyncListener.NONE);
        assertEquals(SyncStatus.OK, results.get(0).status());
    }

    private static List<String> iterableNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
