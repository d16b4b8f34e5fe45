package dev.portcullis.remote;

import dev.portcullis.conntrack.Snapshot;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.Server;
import dev.portcullis.store.Inventory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every server that has enabled entries for alerts while the window runs, with no live view
 * open: one server at a time, each about once per {@code interval}, with the same poll as the live
 * view ({@link SshConnectionSource}: host keys checked by the connector as everywhere else), and
 * hands each {@link Snapshot} to the {@link Listener}, which decides what to alert about.
 *
 * <p>The servers and their entries are read afresh before each round, so servers added, removed or
 * edited are picked up. A session is opened for one poll and closed after it: one at a time, none
 * left open between rounds. A failure is reported once, not every round: again only after the
 * server was checked fine or failed otherwise; a server failing again and again is tried less
 * often (every 2, 4, then 8 rounds), so it does not delay the others. A failure waiting does not fix (login refused, host
 * key changed or not trusted, no sudo) stops checking that server until it changes (its settings,
 * entries or recorded host keys) or {@link #serversChanged()} is called.
 *
 * <p>After a poll that worked it also brings the server's recorded history into the local store
 * ({@link Collector}), at most every {@link #HISTORY_EVERY}: while the window runs, nothing the server
 * records is lost to its own 30-day limit, even when nobody syncs or looks at the history page.
 *
 * <p>One daemon thread of its own ({@value #THREAD_NAME}); listener methods run on it. No JavaFX here.
 */
public final class AlertWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertWatch.class);

    public static final String THREAD_NAME = "portcullis-alert-watch";
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
    /** The least pause between two rounds, when one took longer than the interval. */
    static final Duration MIN_PAUSE = Duration.ofSeconds(5);
    /**
     * A server failing in a way that may pass is tried again after 1, 2, 4, then every 8 rounds, so
     * that unreachable servers (each costing a connect timeout) do not slow the checks of the others.
     */
    static final int MAX_ROUNDS_BETWEEN_RETRIES = 8;
    /** How often the history of a server that answers is fetched. */
    public static final Duration HISTORY_EVERY = Duration.ofMinutes(15);

    /**
     * A server to check, with its enabled entries and whatever else decides whether a refused login
     * or host key may pass now ({@code trust}: e.g. its recorded host keys); compared with equals.
     */
    public record Target(Server server, List<LimitEntry> entries, Object trust) {
        public Target {
            entries = List.copyOf(entries);
        }
    }

    /** The servers to check now; read before each round. */
    @FunctionalInterface
    public interface Targets {
        List<Target> read() throws Exception;
    }

    /** A poll of one server's entries ({@link SshConnectionSource} in production). */
    @FunctionalInterface
    public interface Sources {
        ConnectionMonitor.Source open(Server server, List<LimitEntry> entries);
    }

    /** Brings what a server recorded into the local history ({@link HistoryCollector#collect}). */
    @FunctionalInterface
    public interface Collector {
        /** Collects nothing. */
        Collector NONE = server -> { };

        void collect(Server server) throws RemoteException;
    }

    /** What the watch reports, on its own thread. */
    public interface Listener {
        void snapshot(String server, Snapshot snapshot);

        /**
         * A server could not be checked; said once per failure.
         *
         * @param skipped true when the server is no longer checked until it changes
         */
        void failed(String server, RemoteException error, boolean skipped);
    }

    /** What the watch keeps of one server between rounds. */
    private static final class Watched {
        final Target target;
        final ConnectionMonitor.Source source;
        Snapshot previous;
        RemoteException.Reason reported;
        boolean skipped;
        int failuresInARow;
        int roundsToWait;
        Instant historyCollected;

        Watched(Target target, ConnectionMonitor.Source source) {
            this.target = target;
            this.source = source;
        }
    }

    private final Targets targets;
    private final Sources sources;
    private final Duration interval;
    private final Clock clock;
    private final Listener listener;
    private final Collector history;
    private final ConnectionMonitor.Scheduler scheduler;
    private final Object lock = new Object();
    /** By server name; only the watch's thread touches it (and close(), once that thread has ended). */
    private final Map<String, Watched> watched = new LinkedHashMap<>();
    private volatile boolean closed;
    private volatile boolean forgetSkipped;
    private volatile ConnectionMonitor.Source polling;
    private Future<?> next;

    AlertWatch(Targets targets, Sources sources, Duration interval, Clock clock, Listener listener,
               ConnectionMonitor.Scheduler scheduler) {
        this(targets, sources, interval, clock, listener, Collector.NONE, scheduler);
    }

    AlertWatch(Targets targets, Sources sources, Duration interval, Clock clock, Listener listener, Collector history,
               ConnectionMonitor.Scheduler scheduler) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("alert watch interval " + interval);
        }
        this.targets = Objects.requireNonNull(targets);
        this.sources = Objects.requireNonNull(sources);
        this.interval = interval;
        this.clock = clock;
        this.listener = Objects.requireNonNull(listener);
        this.history = Objects.requireNonNull(history);
        this.scheduler = scheduler;
    }

    /**
     * Starts checking the inventory's servers that have enabled entries over SSH, every
     * {@code interval}, and bringing their history in; the first round right away.
     */
    public static AlertWatch start(SshConnector connector, Inventory inventory, Duration interval, Collector history,
                                   Listener listener) {
        AlertWatch watch = new AlertWatch(fromInventory(inventory),
                (server, entries) -> new SshConnectionSource(connector, server, entries), interval, Clock.systemUTC(),
                listener, history, ConnectionMonitor.executorScheduler(THREAD_NAME));
        watch.start();
        return watch;
    }

    /** Each server with at least one enabled entry, with those entries and its recorded host keys. */
    public static Targets fromInventory(Inventory inventory) {
        return () -> {
            List<Target> list = new ArrayList<>();
            for (Server s : inventory.servers()) {
                List<LimitEntry> enabled = ConnectionPoll.watched(inventory.limits(s.name()));
                if (!enabled.isEmpty()) {
                    list.add(new Target(s, enabled, inventory.knownHostKeys(s.host(), s.port())));
                }
            }
            return list;
        };
    }

    void start() {
        synchronized (lock) {
            next = scheduler.schedule(this::round, Duration.ZERO);
        }
    }

    /**
     * The servers list changed (a server added, edited, removed, its password or host keys): servers
     * skipped after a failure are tried again in the next round.
     */
    public void serversChanged() {
        forgetSkipped = true;
    }

    private void round() {
        if (closed) {
            return;
        }
        Instant began = clock.instant();
        try {
            checkAll();
        } catch (RuntimeException e) {
            LOG.warn("alert watch: a round failed", e); // the next one comes all the same
        }
        Duration pause = interval.minus(Duration.between(began, clock.instant()));
        Duration least = interval.compareTo(MIN_PAUSE) < 0 ? interval : MIN_PAUSE;
        synchronized (lock) {
            if (!closed) {
                next = scheduler.schedule(this::round, pause.compareTo(least) < 0 ? least : pause);
            }
        }
    }

    private void checkAll() {
        List<Target> now;
        try {
            now = targets.read();
        } catch (Exception e) {
            LOG.warn("alert watch: cannot read the servers: {}", e.toString());
            return; // the inventory is busy or closing: the next round tries again
        }
        if (forgetSkipped) {
            forgetSkipped = false;
            watched.values().removeIf(w -> w.skipped);
        }
        Set<String> names = new HashSet<>();
        for (Target t : now) {
            names.add(t.server().name());
        }
        watched.keySet().removeIf(name -> !names.contains(name));
        for (Target t : now) {
            if (closed) {
                return;
            }
            try {
                check(t);
            } catch (RuntimeException e) {
                LOG.warn("alert watch: cannot check {}", t.server().name(), e);
            }
        }
    }

    private void check(Target target) {
        String name = target.server().name();
        Watched w = watched.get(name);
        if (w == null || !w.target.equals(target)) {
            // New, or changed since the last round: a fresh poll, and a skipped server is tried again.
            w = new Watched(target, sources.open(target.server(), target.entries()));
            watched.put(name, w);
        }
        if (w.skipped) {
            return;
        }
        if (w.roundsToWait > 0) {
            w.roundsToWait--;
            return;
        }
        RemoteException failure = null;
        Snapshot polled = null;
        polling = w.source;
        try {
            polled = w.source.poll(w.previous);
        } catch (RemoteException e) {
            failure = e;
        } catch (RuntimeException e) {
            LOG.warn("alert watch: poll of {} failed", name, e);
            failure = new RemoteException(RemoteException.Reason.ERROR, name + ": poll failed: " + e, e);
        } finally {
            polling = null;
            w.source.close();
        }
        if (polled != null) {
            Snapshot s = polled;
            w.previous = s;
            w.reported = null;
            w.failuresInARow = 0;
            tell(() -> listener.snapshot(name, s));
            collectHistory(w, target.server());
            return;
        }
        if (closed) {
            return; // closing ended the poll: no news
        }
        if (failure == null) {
            failure = new RemoteException(RemoteException.Reason.ERROR, name + ": the poll gave no answer");
        }
        w.previous = null;
        boolean skip = PollPolicy.fatal(failure.reason());
        w.skipped = skip;
        w.failuresInARow++;
        w.roundsToWait = Math.min(1 << Math.min(w.failuresInARow - 1, 30), MAX_ROUNDS_BETWEEN_RETRIES) - 1;
        if (w.reported != failure.reason()) {
            w.reported = failure.reason();
            RemoteException e = failure;
            tell(() -> listener.failed(name, e, skip));
        }
    }

    /** The server's history, when the last fetch is {@link #HISTORY_EVERY} old; after the poll's session is closed. */
    private void collectHistory(Watched w, Server server) {
        Instant now = clock.instant();
        if (closed || (w.historyCollected != null && now.isBefore(w.historyCollected.plus(HISTORY_EVERY)))) {
            return;
        }
        w.historyCollected = now;
        try {
            history.collect(server);
        } catch (RemoteException | RuntimeException e) {
            // The history page says why when it is shown; the next try comes after HISTORY_EVERY.
            LOG.warn("alert watch: history of {} not fetched: {}", server.name(), e.toString());
        }
    }

    private static void tell(Runnable report) {
        try {
            report.run();
        } catch (RuntimeException e) {
            LOG.warn("alert watch: a listener failed", e);
        }
    }

    /** Stops checking: ends a poll under way, closes the session and the watch's thread (waiting briefly). */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (next != null) {
                next.cancel(false);
            }
        }
        ConnectionMonitor.Source current = polling;
        if (current != null) {
            current.close();
        }
        scheduler.shutdown();
    }
}
