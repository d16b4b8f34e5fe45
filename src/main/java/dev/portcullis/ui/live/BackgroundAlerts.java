package dev.portcullis.ui.live;

import dev.portcullis.conntrack.Snapshot;
import dev.portcullis.remote.AlertWatch;
import dev.portcullis.remote.RemoteException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * Alerts about every server while the window runs, not only the one the live view shows: while
 * {@link #enabledProperty()} is on, an {@link AlertWatch} checks each server in the background and
 * each snapshot goes, on the FX thread, to the same {@link LiveAlerts} as the live view's, so an
 * entry seen over its limit by both is told once per quiet period. Turning it off, or closing,
 * stops the watch (off the FX thread); reports of a watch stopped meanwhile are dropped.
 */
public final class BackgroundAlerts {

    /** A server could not be checked (said once per failure), on the FX thread. */
    @FunctionalInterface
    public interface Failures {
        void failed(String server, RemoteException error, boolean skipped);
    }

    private final Function<AlertWatch.Listener, AlertWatch> starter;
    private final Executor executor;
    private final LiveAlerts alerts;
    private final Failures failures;
    private final BooleanProperty enabled = new SimpleBooleanProperty(false);
    private AlertWatch running;
    /** Which watch is current; a report carries the generation it was started in. */
    private long generation;
    private boolean closed;

    /**
     * @param starter  starts a watch reporting to the listener (its first round right away)
     * @param executor where watches are closed (never the FX thread)
     */
    public BackgroundAlerts(Function<AlertWatch.Listener, AlertWatch> starter, Executor executor, LiveAlerts alerts,
                            Failures failures) {
        this.starter = starter;
        this.executor = executor;
        this.alerts = alerts;
        this.failures = failures;
        enabled.addListener((obs, was, on) -> restart());
    }

    public BooleanProperty enabledProperty() {
        return enabled;
    }

    /** Whether a watch runs now. */
    public boolean running() {
        return running != null;
    }

    /** The servers list changed: servers skipped after a refused login or host key are tried again. */
    public void serversChanged() {
        if (running != null) {
            running.serversChanged();
        }
    }

    /** For good (the window closes). */
    public void close() {
        closed = true;
        stop();
    }

    private void restart() {
        stop();
        if (closed || !enabled.get()) {
            return;
        }
        running = starter.apply(new Listener(generation));
    }

    private void stop() {
        generation++;
        AlertWatch watch = running;
        running = null;
        if (watch != null) {
            // Closing ends a poll under way and waits for the watch's thread: not on the FX thread.
            try {
                executor.execute(watch::close);
            } catch (RejectedExecutionException e) {
                watch.close();
            }
        }
    }

    private final class Listener implements AlertWatch.Listener {
        private final long mine;

        Listener(long mine) {
            this.mine = mine;
        }

        @Override
        public void snapshot(String server, Snapshot snapshot) {
            Platform.runLater(() -> {
                if (mine == generation) {
                    alerts.check(server, snapshot);
                }
            });
        }

        @Override
        public void failed(String server, RemoteException error, boolean skipped) {
            Platform.runLater(() -> {
                if (mine == generation) {
                    failures.failed(server, error, skipped);
                }
            });
        }
    }
}
