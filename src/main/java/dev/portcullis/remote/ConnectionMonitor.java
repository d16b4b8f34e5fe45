package dev.portcullis.remote;

import dev.portcullis.conntrack.Snapshot;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.Server;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the live connections of one server: polls it on a thread of its own (one SSH session,
 * kept across polls), hands each {@link Snapshot} to a {@link Listener}, and schedules the next
 * poll only after the previous one finished, by {@link PollPolicy}: every interval while polls
 * work, backing off after failures that may pass, stopping for good (and saying why) after ones
 * that do not. {@link #close()} stops it and closes the session.
 *
 * <p>Listener methods run on the monitor's thread, one at a time; a window hands them on to its
 * UI thread. No JavaFX here.
 */
public final class ConnectionMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionMonitor.class);

    /** Where the monitor stands. */
    public enum State {
        /** Started, first poll not done yet. */
        STARTING,
        /** The last poll worked. */
        WATCHING,
        /** The last poll failed in a way that may pass; the next attempt is scheduled. */
        RETRYING,
        /** Stopped: closed, or a failure that waiting does not fix. */
        STOPPED
    }

    /** What the monitor reports; every method has an empty default. */
    public interface Listener {
        default void snapshot(Snapshot snapshot) {
        }

        /**
         * A poll failed.
         *
         * @param retryIn when the next attempt is, or null when the monitor stops because of it
         */
        default void error(RemoteException error, Duration retryIn) {
        }

        default void state(State state) {
        }
    }

    /** One poll of one server: {@link SshConnectionSource} over SSH, scripted in tests. */
    public interface Source extends AutoCloseable {
        Snapshot poll(Snapshot previous) throws RemoteException;

        @Override
        void close();
    }

    /** Runs a task once after a delay; the monitor's own thread in production, by hand in tests. */
    interface Scheduler {
        Future<?> schedule(Runnable task, Duration delay);

        /** Stops the scheduler; waits (bounded) for a running task unless called from it. */
        void shutdown();
    }

    private final Source source;
    private final Scheduler scheduler;
    private final PollPolicy policy;
    private final Listener listener;
    private final Object lock = new Object();
    private Future<?> next;
    private boolean closed;
    private State state;
    private Snapshot previous;
    private int failures;

    ConnectionMonitor(Source source, Scheduler scheduler, PollPolicy policy, Listener listener) {
        this.source = source;
        this.scheduler = scheduler;
        this.policy = policy;
        this.listener = listener;
    }

    /**
     * Starts watching {@code server}'s enabled {@code entries} over SSH: the first poll right away,
     * then as {@code policy} says, on a daemon thread named after the server.
     */
    public static ConnectionMonitor start(SshConnector connector, Server server, List<LimitEntry> entries,
                                          PollPolicy policy, Listener listener) {
        ConnectionMonitor monitor = new ConnectionMonitor(new SshConnectionSource(connector, server, entries),
                executorScheduler("portcullis-monitor-" + server.name()), policy, listener);
        monitor.start();
        return monitor;
    }

    void start() {
        synchronized (lock) {
            changeState(State.STARTING);
            next = scheduler.schedule(this::pollOnce, Duration.ZERO);
        }
    }

    public State state() {
        synchronized (lock) {
            return state;
        }
    }

    /** The latest snapshot, or null before the first poll worked. */
    public Snapshot latest() {
        synchronized (lock) {
            return previous;
        }
    }

    private void pollOnce() {
        Snapshot before;
        synchronized (lock) {
            if (closed) {
                return;
            }
            before = previous;
        }
        Snapshot snapshot = null;
        RemoteException failure = null;
        try {
            snapshot = source.poll(before);
        } catch (RemoteException e) {
            failure = e;
        } catch (RuntimeException e) {
            LOG.warn("poll failed", e);
            failure = new RemoteException(RemoteException.Reason.ERROR, "poll failed: " + e, e);
        }
        synchronized (lock) {
            if (closed) {
                return; // close() during the poll: its failure is no news
            }
        }
        if (failure == null) {
            synchronized (lock) {
                previous = snapshot;
                failures = 0;
            }
            changeState(State.WATCHING);
            listener.snapshot(snapshot);
            scheduleNext(policy.afterSuccess());
            return;
        }
        int n;
        synchronized (lock) {
            n = ++failures;
        }
        Duration retry = policy.afterFailure(failure.reason(), n);
        // A failed session is not trusted again: the next attempt logs in afresh.
        source.close();
        listener.error(failure, retry);
        if (retry == null) {
            stop();
            return;
        }
        changeState(State.RETRYING);
        scheduleNext(retry);
    }

    private void scheduleNext(Duration delay) {
        synchronized (lock) {
            if (!closed) {
                next = scheduler.schedule(this::pollOnce, delay);
            }
        }
    }

    private void changeState(State s) {
        boolean changed;
        synchronized (lock) {
            changed = state != s;
            state = s;
        }
        if (changed) {
            listener.state(s);
        }
    }

    private void stop() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (next != null) {
                next.cancel(false);
            }
        }
        source.close();
        scheduler.shutdown();
        changeState(State.STOPPED);
    }

    /** Stops polling, closes the session (ending a poll under way) and the monitor's thread. */
    @Override
    public void close() {
        stop();
    }

    /** A single named daemon thread; tasks run one after the other, so polls never overlap. */
    static Scheduler executorScheduler(String threadName) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        return new Scheduler() {
            private volatile Thread worker;

            @Override
            public Future<?> schedule(Runnable task, Duration delay) {
                return executor.schedule(() -> {
                    worker = Thread.currentThread();
                    task.run();
                }, delay.toMillis(), TimeUnit.MILLISECONDS);
            }

            @Override
            public void shutdown() {
                executor.shutdownNow();
                if (Thread.currentThread() == worker) {
                    return;
                }
                try {
                    executor.awaitTermination(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }
}
