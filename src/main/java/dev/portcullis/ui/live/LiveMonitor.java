package dev.portcullis.ui.live;

import dev.portcullis.conntrack.Snapshot;
import dev.portcullis.model.Server;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.concurrent.ScheduledService;
import javafx.concurrent.Task;
import javafx.util.Duration;

/**
 * Polls the selected server's connections every few seconds on the background executor
 * (a JavaFX ScheduledService, so results arrive on the FX thread). Pausing cancels the poll in
 * flight; a failure is reported and polling goes on, except after three in a row, which stop it
 * until the user resumes (an unreachable server or refused login does not get hammered).
 */
public final class LiveMonitor {

    public static final Duration PERIOD = Duration.seconds(3);

    private final SnapshotSource source;
    private final BooleanProperty paused = new SimpleBooleanProperty(false);
    /** Polls only while the live view is on screen: selecting servers elsewhere opens no SSH sessions. */
    private final BooleanProperty active = new SimpleBooleanProperty(false);
    private final Service service;
    private Server server;
    private Snapshot previous;

    public LiveMonitor(SnapshotSource source, Executor executor) {
        this.source = source;
        this.service = new Service();
        service.setExecutor(executor);
        service.setPeriod(PERIOD);
        service.setMaximumFailureCount(3);
        service.setRestartOnFailure(true);
        active.addListener((obs, was, now) -> {
            if (now) {
                startIfWanted();
            } else {
                service.cancel();
            }
        });
    }

    public BooleanProperty activeProperty() {
        return active;
    }

    private void startIfWanted() {
        if (server != null && available() && !paused.get() && active.get()) {
            service.restart();
        }
    }

    /** False when this build has no way to read a server's connections. */
    public boolean available() {
        return source != null;
    }

    public BooleanProperty pausedProperty() {
        return paused;
    }

    public void onSnapshot(Consumer<Snapshot> consumer) {
        service.setOnSucceeded(e -> {
            previous = service.getValue();
            consumer.accept(previous);
        });
    }

    public void onFailure(Consumer<Throwable> consumer) {
        service.setOnFailed(e -> consumer.accept(service.getException()));
    }

    /** Watches this server (null: none); the history of the previous one is dropped. */
    public void watch(Server next) {
        service.cancel();
        server = next;
        previous = null;
        startIfWanted();
    }

    public void setPaused(boolean pause) {
        paused.set(pause);
        if (pause) {
            service.cancel();
        } else {
            startIfWanted();
        }
    }

    public void stop() {
        service.cancel();
    }

    private final class Service extends ScheduledService<Snapshot> {
        @Override
        protected Task<Snapshot> createTask() {
            Server target = server;
            Snapshot last = previous;
            return new Task<>() {
                @Override
                protected Snapshot call() throws Exception {
                    return source.poll(target, last);
                }
            };
        }
    }
}
