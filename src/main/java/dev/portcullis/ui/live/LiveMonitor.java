package dev.portcullis.ui.live;

import dev.portcullis.conntrack.Snapshot;
import dev.portcullis.model.Server;
import dev.portcullis.remote.ConnectionMonitor;
import dev.portcullis.remote.RemoteException;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * Runs a {@link ConnectionMonitor} for the server the live view shows, while it is on screen and
 * not paused, and hands what it reports to the FX thread. Hiding the view, pausing, or watching
 * another server closes the monitor (and its SSH session); showing or resuming starts a new one.
 * The monitor's own schedule decides the rest: polls never overlap, failures that may pass are
 * retried with backoff, ones that do not (login refused, host key) stop it, and the view then
 * offers Resume. Reports of a monitor that was replaced meanwhile are dropped.
 */
public final class LiveMonitor {

    /** Starts watching a server; called on a background thread (it reads the server's entries). */
    @FunctionalInterface
    public interface Starter {
        ConnectionMonitor start(Server server, ConnectionMonitor.Listener listener) throws Exception;
    }

    private final Starter starter;
    private final Executor executor;
    private final BooleanProperty paused = new SimpleBooleanProperty(false);
    /** Polls only while the live view is on screen: selecting servers elsewhere opens no SSH sessions. */
    private final BooleanProperty active = new SimpleBooleanProperty(false);
    private Consumer<Snapshot> onSnapshot = s -> { };
    private BiConsumer<Throwable, Duration> onFailure = (e, retry) -> { };
    private Server server;
    /** Which monitor is current; a report carries the generation it was started in. */
    private long generation;
    private ConnectionMonitor running;
    /** Paused because the monitor stopped on a failure, not by the user: a new server starts again. */
    private boolean haltedByFailure;
    /** The window closed: a monitor that finishes starting now is closed at once. */
    private volatile boolean closed;

    /**
     * @param starter  how to start a monitor, or null when this build cannot read connections
     * @param executor where monitors are started and closed (never the FX thread)
     */
    public LiveMonitor(Starter starter, Executor executor) {
        this.starter = starter;
        this.executor = executor;
        active.addListener((obs, was, now) -> restart());
    }

    public BooleanProperty activeProperty() {
        return active;
    }

    /** False when this build has no way to read a server's connections. */
    public boolean available() {
        return starter != null;
    }

    public BooleanProperty pausedProperty() {
        return paused;
    }

    /** Each snapshot, on the FX thread. */
    public void onSnapshot(Consumer<Snapshot> consumer) {
        onSnapshot = consumer;
    }

    /** Each failed poll, on the FX thread, with when the next attempt is (null: the monitor stopped). */
    public void onFailure(BiConsumer<Throwable, Duration> consumer) {
        onFailure = consumer;
    }

    /** Watches this server (null: none); the monitor of the previous one is closed. */
    public void watch(Server next) {
        server = next;
        if (haltedByFailure) {
            haltedByFailure = false;
            paused.set(false);
        }
        restart();
    }

    public void setPaused(boolean pause) {
        haltedByFailure = false;
        paused.set(pause);
        restart();
    }

    /** Closes the monitor; nothing is polled until the view asks again. */
    public void stop() {
        generation++;
        closeRunning();
    }

    /** For good (the window closes): closes the monitor and any that is still starting. */
    public void close() {
        closed = true;
        stop();
    }

    /** Closes a monitor nobody wants any more off the FX thread, or right here once the window closed its executor. */
    private void closeAside(ConnectionMonitor monitor) {
        try {
            executor.execute(monitor::close);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            monitor.close();
        }
    }

    private void restart() {
        stop();
        if (closed || server == null || !available() || paused.get() || !active.get()) {
            return;
        }
        long mine = generation;
        Server target = server;
        executor.execute(() -> {
            ConnectionMonitor monitor;
            try {
                monitor = starter.start(target, new Listener(mine));
            } catch (Exception e) {
                Platform.runLater(() -> {
                    if (mine == generation) {
                        halt();
                        onFailure.accept(e, null);
                    }
                });
                return;
            }
            if (closed) {
                monitor.close();
                return;
            }
            Platform.runLater(() -> {
                if (mine == generation) {
                    running = monitor;
                } else {
                    closeAside(monitor);
                }
            });
        });
    }

    private void closeRunning() {
        ConnectionMonitor monitor = running;
        running = null;
        if (monitor != null) {
            // Closing ends a poll under way and waits for the monitor's thread: not on the FX thread.
            closeAside(monitor);
        }
    }

    private void halt() {
        haltedByFailure = true;
        paused.set(true);
        stop();
    }

    /** The monitor's reports, handed to the FX thread and dropped if the monitor is no longer current. */
    private final class Listener implements ConnectionMonitor.Listener {
        private final long mine;

        Listener(long mine) {
            this.mine = mine;
        }

        @Override
        public void snapshot(Snapshot snapshot) {
            Platform.runLater(() -> {
                if (mine == generation) {
                    onSnapshot.accept(snapshot);
                }
            });
        }

        @Override
        public void error(RemoteException error, Duration retryIn) {
            Platform.runLater(() -> {
                if (mine == generation) {
                    if (retryIn == null) {
                        halt();
                    }
                    onFailure.accept(error, retryIn);
                }
            });
        }
    }
}
