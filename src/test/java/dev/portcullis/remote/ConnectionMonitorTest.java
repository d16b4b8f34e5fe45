package dev.portcullis.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.conntrack.Snapshot;
import dev.portcullis.remote.ConnectionMonitor.State;
import dev.portcullis.remote.RemoteException.Reason;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The monitor's schedule with a hand-driven scheduler and a scripted source: no clocks, no sleeps. */
class ConnectionMonitorTest {

    /** Keeps scheduled tasks; the test runs them one by one and sees each delay asked for. */
    static final class ManualScheduler implements ConnectionMonitor.Scheduler {
        final List<Duration> delays = new ArrayList<>();
        final Deque<CompletableFuture<Void>> pending = new ArrayDeque<>();
        final Deque<Runnable> tasks = new ArrayDeque<>();
        boolean shutdown;

        @Override
        public Future<?> schedule(Runnable task, Duration delay) {
            delays.add(delay);
            CompletableFuture<Void> f = new CompletableFuture<>();
            pending.add(f);
            tasks.add(task);
            return f;
        }

        @Override
        public void shutdown() {
            shutdown = true;
        }

        /** Runs the one pending task (there is never more than one: polls do not stack). */
        void runNext() {
            assertEquals(1, tasks.size(), "exactly one poll pending");
            CompletableFuture<Void> f = pending.poll();
            Runnable t = tasks.poll();
            if (!f.isCancelled()) {
                t.run();
            }
        }
    }

    /** Answers polls from a script of results. */
    static final class ScriptedSource implements ConnectionMonitor.Source {
        final Deque<Object> results = new ArrayDeque<>();
        final List<Snapshot> previousSeen = new ArrayList<>();
        int polls;
        int closes;

        ScriptedSource then(Object result) {
            results.add(result);
            return this;
        }

        @Override
        public Snapshot poll(Snapshot previous) throws RemoteException {
            polls++;
            previousSeen.add(previous);
            Object r = results.poll();
            if (r instanceof RemoteException e) {
                throw e;
            }
            if (r instanceof RuntimeException e) {
                throw e;
            }
            return (Snapshot) r;
        }

        @Override
        public void close() {
            closes++;
        }
    }

    static final class Recorder implements ConnectionMonitor.Listener {
        final List<String> events = new ArrayList<>();

        @Override
        public void snapshot(Snapshot snapshot) {
            events.add("snapshot " + snapshot.lines());
        }

        @Override
        public void error(RemoteException error, Duration retryIn) {
            events.add("error " + error.reason().id() + (retryIn == null ? " stop" : " retry " + retryIn.toSeconds()));
        }

        @Override
        public void state(State state) {
            events.add("state " + state);
        }
    }

    static Snapshot snapshot(long lines) {
        return new Snapshot(List.of(), List.of(), lines, 0, 0, List.of(), 0);
    }

    static RemoteException failure(Reason reason) {
        return new RemoteException(reason, reason.id());
    }

    @Test
    void pollsRightAwayThenEveryIntervalAfterEachPollFinished_passingThePreviousSnapshot() {
        ManualScheduler scheduler = new ManualScheduler();
        Snapshot a = snapshot(1);
        Snapshot b = snapshot(2);
        ScriptedSource source = new ScriptedSource().then(a).then(b).then(snapshot(3));
        Recorder events = new Recorder();
        ConnectionMonitor monitor = new ConnectionMonitor(source, scheduler, PollPolicy.defaults(), events);
        monitor.start();
        assertEquals(State.STARTING, monitor.state());
        scheduler.runNext();
        scheduler.runNext();
        scheduler.runNext();
        assertEquals(List.of(Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2)), scheduler.delays);
        assertEquals(3, source.polls);
        assertNull(source.previousSeen.get(0));
        assertSame(a, source.previousSeen.get(1));
        assertSame(b, source.previousSeen.get(2));
        assertEquals(List.of("state STARTING", "state WATCHING", "snapshot 1", "snapshot 2", "snapshot 3"), events.events);
        assertEquals(0, source.closes, "the session is kept across polls");
        monitor.close();
        assertEquals(State.STOPPED, monitor.state());
        assertTrue(scheduler.shutdown);
        assertTrue(scheduler.pending.peek().isCancelled(), "the pending poll is cancelled");
        assertEquals(1, source.closes);
    }

    @Test
    void networkFailuresBackOffAndAPollThatWorksResetsTheBackoff() {
        ManualScheduler scheduler = new ManualScheduler();
        ScriptedSource source = new ScriptedSource()
                .then(snapshot(1))
                .then(failure(Reason.UNREACHABLE)).then(failure(Reason.TIMEOUT)).then(failure(Reason.ERROR))
                .then(new IllegalStateException("a bug in parsing"))
                .then(snapshot(2))
                .then(failure(Reason.UNREACHABLE));
        Recorder events = new Recorder();
        ConnectionMonitor monitor = new ConnectionMonitor(source, scheduler, PollPolicy.defaults(), events);
        monitor.start();
        for (int i = 0; i < 7; i++) {
            scheduler.runNext();
        }
        assertEquals(List.of(0L, 2L, 2L, 4L, 8L, 16L, 2L, 2L), scheduler.delays.stream().map(Duration::toSeconds).toList());
        assertEquals(List.of("state STARTING", "state WATCHING", "snapshot 1",
                "error unreachable retry 2", "state RETRYING", "error timeout retry 4", "error error retry 8",
                "error error retry 16", "state WATCHING", "snapshot 2", "error unreachable retry 2", "state RETRYING"),
                events.events);
        assertEquals(5, source.closes, "each failure drops the session; the next attempt logs in afresh");
        assertEquals(State.RETRYING, monitor.state());
        monitor.close();
    }

    @Test
    void authAndHostKeyFailuresStopTheMonitorWithTheReason_noRetry() {
        for (Reason reason : List.of(Reason.AUTH_FAILED, Reason.HOST_KEY_CHANGED, Reason.NO_SUDO)) {
            ManualScheduler scheduler = new ManualScheduler();
            ScriptedSource source = new ScriptedSource().then(snapshot(1)).then(failure(Reason.UNREACHABLE)).then(failure(reason));
            Recorder events = new Recorder();
            ConnectionMonitor monitor = new ConnectionMonitor(source, scheduler, PollPolicy.defaults(), events);
            monitor.start();
            scheduler.runNext();
            scheduler.runNext();
            scheduler.runNext();
            assertTrue(scheduler.tasks.isEmpty(), "nothing scheduled after " + reason);
            assertTrue(scheduler.shutdown);
            assertEquals(State.STOPPED, monitor.state());
            assertEquals(List.of("error " + reason.id() + " stop", "state STOPPED"),
                    events.events.subList(events.events.size() - 2, events.events.size()));
            assertEquals(3, source.polls);
            monitor.close(); // again: harmless
            assertEquals(1, events.events.stream().filter(e -> e.equals("state STOPPED")).count());
        }
    }

    @Test
    void closeDuringAPollDropsItsOutcomeAndSchedulesNothing() {
        ManualScheduler scheduler = new ManualScheduler();
        Recorder events = new Recorder();
        ConnectionMonitor[] monitor = new ConnectionMonitor[1];
        ConnectionMonitor.Source closingSource = new ConnectionMonitor.Source() {
            @Override
            public Snapshot poll(Snapshot previous) throws RemoteException {
                monitor[0].close(); // as if the window closed while the command ran
                throw failure(Reason.UNREACHABLE);
            }

            @Override
            public void close() {
            }
        };
        monitor[0] = new ConnectionMonitor(closingSource, scheduler, PollPolicy.defaults(), events);
        monitor[0].start();
        scheduler.runNext();
        assertTrue(scheduler.tasks.isEmpty());
        assertEquals(List.of("state STARTING", "state STOPPED"), events.events);
    }

    @Test
    void theExecutorSchedulerRunsOnANamedDaemonThreadAndStopsCleanly() throws Exception {
        ConnectionMonitor.Scheduler scheduler = ConnectionMonitor.executorScheduler("portcullis-monitor-test");
        CountDownLatch ran = new CountDownLatch(1);
        Thread[] thread = new Thread[1];
        scheduler.schedule(() -> {
            thread[0] = Thread.currentThread();
            ran.countDown();
        }, Duration.ZERO);
        assertTrue(ran.await(10, TimeUnit.SECONDS));
        assertEquals("portcullis-monitor-test", thread[0].getName());
        assertTrue(thread[0].isDaemon());
        scheduler.shutdown();
        thread[0].join(10_000);
        assertFalse(thread[0].isAlive());
    }
}
