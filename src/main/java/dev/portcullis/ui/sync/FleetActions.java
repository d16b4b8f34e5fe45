package dev.portcullis.ui.sync;

import dev.portcullis.fleet.FleetSync;
import dev.portcullis.fleet.SyncListener;
import dev.portcullis.fleet.SyncResult;
import dev.portcullis.fleet.SyncStatus;
import dev.portcullis.model.Server;
import dev.portcullis.remote.HostKey;
import dev.portcullis.remote.RemoteException;
import dev.portcullis.remote.SshConnector;
import dev.portcullis.remote.SshSession;
import dev.portcullis.ui.fx.BackgroundTasks;
import dev.portcullis.ui.fx.Dialogs;
import dev.portcullis.ui.main.StatusModel;
import dev.portcullis.ui.servers.ServerRow;
import dev.portcullis.ui.servers.ServersModel;
import dev.portcullis.ui.servers.SyncState;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.concurrent.Task;

/**
 * Sync all, sync, plan and test connection, over the fleet and SSH services (the fleet records
 * each sync's outcome in the store itself). Work runs on the background executor; per-server
 * progress is handed to the FX thread as it happens, so the result list fills in live. A run can
 * be cancelled from the status bar.
 */
public final class FleetActions implements SyncActions {

    /** The services the actions run (from the composition root) and the executor they run them on. */
    public record Services(FleetSync fleet, SshConnector connector, BackgroundTasks tasks) {
    }

    /** What the actions show their progress in. */
    public record Models(SyncModel sync, ServersModel servers, StatusModel status) {
    }

    /**
     * The window's part: texts and dialogs, the host-key question, showing the results tab, and a
     * notice when a run ends.
     */
    public record Window(Dialogs dialogs, HostKeyPrompt hostKeys, Runnable showResults, Consumer<String> finished) {
    }

    private final FleetSync fleet;
    private final SshConnector connector;
    private final BackgroundTasks tasks;
    private final SyncModel model;
    private final ServersModel servers;
    private final StatusModel status;
    private final Dialogs dialogs;
    private final HostKeyPrompt hostKeys;
    private final Runnable showResults;
    private final Consumer<String> notify;
    private boolean lastWasPlan;

    public FleetActions(Services services, Models models, Window window) {
        this.fleet = services.fleet();
        this.connector = services.connector();
        this.tasks = services.tasks();
        this.model = models.sync();
        this.servers = models.servers();
        this.status = models.status();
        this.dialogs = window.dialogs();
        this.hostKeys = window.hostKeys();
        this.showResults = window.showResults();
        this.notify = window.finished();
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public void syncAll() {
        run(servers.rows().stream().map(ServerRow::server).toList(), false, false);
    }

    @Override
    public void sync(ServerRow row) {
        run(List.of(row.server()), false, false);
    }

    @Override
    public void plan(ServerRow row) {
        run(List.of(row.server()), true, false);
    }

    /** Runs the last kind of run again for one server of the list (a failed one, usually). */
    public void retry(String serverName) {
        servers.byName(serverName).ifPresent(row -> run(List.of(row.server()), lastWasPlan, true));
    }

    public boolean busy() {
        return status.runningProperty().get() != null;
    }

    private void run(List<Server> targets, boolean plan, boolean retry) {
        if (targets.isEmpty() || busy()) {
            return;
        }
        lastWasPlan = plan;
        model.begin(targets.stream().map(Server::name).toList(), plan, retry);
        showResults.run();
        int total = targets.size();
        Task<List<SyncResult>> task = tasks.work(progress -> {
            int[] finished = {0};
            progress.message(dialogs.format(plan ? "sync.planning" : "sync.syncing", 0, total));
            SyncListener listener = new SyncListener() {
                @Override
                public void started(String server) {
                    Platform.runLater(() -> model.started(server));
                }

                @Override
                public void step(String server, String step) {
                    Platform.runLater(() -> model.step(server, step));
                }

                @Override
                public void finished(SyncResult result) {
                    int n;
                    synchronized (finished) {
                        n = ++finished[0];
                    }
                    progress.update(n, total);
                    progress.message(dialogs.format(plan ? "sync.planning" : "sync.syncing", n, total));
                    Platform.runLater(() -> {
                        model.finished(result);
                        servers.byName(result.server()).ifPresent(row -> mark(row, result, plan));
                    });
                }
            };
            return plan ? fleet.plan(targets, FleetSync.DEFAULT_PARALLEL, listener)
                    : fleet.sync(targets, FleetSync.DEFAULT_PARALLEL, listener);
        }).onSuccess(results -> {
            offerTrust(targets, results, plan);
            long failed = results.stream().filter(SyncResult::failed).count();
            String summary = dialogs.format(plan ? "sync.planDone" : "sync.done", results.size() - failed, failed);
            status.info(summary);
            notify.accept(summary);
        }).onCancel(() -> status.info(dialogs.text("sync.cancelled"))).start();
        status.track(task);
    }

    private static void mark(ServerRow row, SyncResult result, boolean plan) {
        SyncState state;
        if (result.status() == SyncStatus.FAILED) {
            RemoteException.Reason r = result.reason();
            state = r == RemoteException.Reason.UNREACHABLE || r == RemoteException.Reason.TIMEOUT
                    ? SyncState.UNREACHABLE : SyncState.FAILED;
        } else if (plan) {
            state = result.status() == SyncStatus.UNCHANGED ? SyncState.IN_SYNC : SyncState.DRIFT;
        } else {
            state = SyncState.IN_SYNC;
        }
        if (!plan) {
            // As the store records it: the time of the last sync, whatever its outcome.
            row.lastSyncProperty().set(Instant.now());
        }
        row.stateProperty().set(state);
    }

    /**
     * Opens and closes a session. A host never trusted shows its fingerprints and asks; a
     * changed key is shown as a warning and nothing is recorded unless the user insists.
     */
    @Override
    public void testConnection(ServerRow row) {
        Server server = row.server();
        tasks.run(() -> {
            try (SshSession session = connector.open(server)) {
                // Opening verified the host key and logged in: that is the test.
            }
        }).onSuccess(v -> status.info(dialogs.format("test.ok", server.name())))
                .onError(RemoteException.class, re -> {
                    if (isHostKey(re.reason())) {
                        askTrust(row, re.reason(), re.getMessage(), () -> testConnection(row));
                    } else {
                        status.fail(re);
                    }
                }).start();
    }

    /** A single server refused for its host key: ask right away, and run again once trusted. */
    private void offerTrust(List<Server> targets, List<SyncResult> results, boolean plan) {
        if (targets.size() != 1 || results.size() != 1 || !isHostKey(results.get(0).reason())) {
            return;
        }
        SyncResult r = results.get(0);
        servers.byName(r.server()).ifPresent(row -> askTrust(row, r.reason(), r.error(),
                () -> run(List.of(row.server()), plan, false)));
    }

    private static boolean isHostKey(RemoteException.Reason reason) {
        return reason == RemoteException.Reason.HOST_KEY_UNTRUSTED || reason == RemoteException.Reason.HOST_KEY_CHANGED;
    }

    private void askTrust(ServerRow row, RemoteException.Reason reason, String detail, Runnable then) {
        Server server = row.server();
        if (reason == RemoteException.Reason.HOST_KEY_CHANGED) {
            row.stateProperty().set(SyncState.FAILED);
        }
        tasks.supply(() -> new Offer(connector.scan(server.host(), server.port()), connector.recorded(server)))
                .onSuccess(offer -> {
                    // Any key other than the recorded ones (a new type included) is a changed key.
                    boolean changed = reason == RemoteException.Reason.HOST_KEY_CHANGED || !offer.recorded().isEmpty();
                    if (changed) {
                        row.stateProperty().set(SyncState.FAILED);
                    }
                    if (hostKeys.confirm(server, offer.shown(), changed, offer.recorded(), detail)) {
                        // Exactly the keys the dialog showed: never a new scan.
                        tasks.run(() -> connector.record(server, offer.shown()))
                                .onSuccess(v -> then.run())
                                .start();
                    }
                })
                .start();
    }

    /** What the trust dialog shows: the keys the host presents now and those recorded for it. */
    private record Offer(List<HostKey> shown, List<HostKey> recorded) {
    }

    /** Shows host key fingerprints and asks whether to trust them (FX thread, modal). */
    @FunctionalInterface
    public interface HostKeyPrompt {
        /**
         * @param shown    the keys to record if the user trusts them
         * @param changed  true when they differ from what is recorded (red, blocked by default)
         * @param recorded what is recorded for the host and port now (may be empty)
         */
        boolean confirm(Server server, List<HostKey> shown, boolean changed, List<HostKey> recorded, String detail);
    }
}
