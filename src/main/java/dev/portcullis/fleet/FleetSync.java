package dev.portcullis.fleet;

import dev.portcullis.model.Server;
import dev.portcullis.remote.Deployer;
import dev.portcullis.remote.ServerDeployer;
import dev.portcullis.remote.Plan;
import dev.portcullis.remote.RemoteException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Syncs (or plans) many servers at once with a bound on parallel connections. Each server gets
 * exactly one result; a dead or slow server only holds its own worker for its own timeouts, so it
 * never delays the others beyond that. Results come back in the order the servers were given; each
 * sync's outcome is recorded (see {@link SyncRecorder}) as it ends, so no caller has to.
 */
public final class FleetSync {

    public static final int DEFAULT_PARALLEL = 8;
    public static final int MAX_PARALLEL = 64;

    private static final Logger LOG = LoggerFactory.getLogger(FleetSync.class);

    private final ServerDeployer deployer;
    private final SyncRecorder recorder;

    /** A fleet that keeps no record of its syncs. */
    public FleetSync(ServerDeployer deployer) {
        this(deployer, SyncRecorder.NONE);
    }

    /** A fleet that records every server's sync outcome in {@code recorder} before telling the listener. */
    public FleetSync(ServerDeployer deployer, SyncRecorder recorder) {
        this.deployer = deployer;
        this.recorder = recorder;
    }

    public List<SyncResult> sync(List<Server> servers, int parallel, SyncListener listener) {
        return run(servers, parallel, listener, true);
    }

    /** Per server what a sync would change, touching nothing: status unchanged or ok (= would apply) or failed. */
    public List<SyncResult> plan(List<Server> servers, int parallel, SyncListener listener) {
        return run(servers, parallel, listener, false);
    }

    private List<SyncResult> run(List<Server> servers, int parallel, SyncListener listener, boolean apply) {
        if (parallel < 1 || parallel > MAX_PARALLEL) {
            throw new IllegalArgumentException("invalid parallel '" + parallel + "': 1 to " + MAX_PARALLEL);
        }
        if (servers.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, servers.size()), named(apply ? "sync" : "plan"));
        try {
            List<Future<SyncResult>> futures = new ArrayList<>();
            for (Server server : servers) {
                futures.add(pool.submit(() -> one(server, listener, apply)));
            }
            List<SyncResult> results = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                results.add(await(futures.get(i), servers.get(i)));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private SyncResult one(Server server, SyncListener listener, boolean apply) {
        long start = System.nanoTime();
        listener.started(server.name());
        SyncResult result;
        try {
            if (apply) {
                Deployer.Result r = deployer.sync(server, step -> listener.step(server.name(), step));
                SyncStatus status = r.outcome() == Deployer.Outcome.APPLIED ? SyncStatus.OK : SyncStatus.UNCHANGED;
                result = new SyncResult(server.name(), status, null, null, seconds(start), r.plan().changes());
            } else {
                Plan plan = deployer.plan(server, step -> listener.step(server.name(), step));
                SyncStatus status = plan.inSync() ? SyncStatus.UNCHANGED : SyncStatus.OK;
                result = new SyncResult(server.name(), status, null, null, seconds(start), plan.changes());
            }
        } catch (RemoteException e) {
            result = new SyncResult(server.name(), SyncStatus.FAILED, e.reason(), e.oneLine(), seconds(start), List.of());
        } catch (RuntimeException e) {
            result = new SyncResult(server.name(), SyncStatus.FAILED, RemoteException.Reason.ERROR,
                    "error: " + (e.getMessage() == null ? e.toString() : e.getMessage()), seconds(start), List.of());
        }
        if (apply) {
            try {
                recorder.record(server, result);
            } catch (RuntimeException e) {
                // the server is synced either way; only the record of it is missing
                LOG.warn("recording the sync of {} failed", server.name(), e);
            }
        }
        try {
            listener.finished(result);
        } catch (RuntimeException ignored) {
            // a broken listener must not turn a finished server into a failed one
        }
        return result;
    }

    private static SyncResult await(Future<SyncResult> future, Server server) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SyncResult(server.name(), SyncStatus.FAILED, RemoteException.Reason.ERROR, "error: interrupted", 0, List.of());
        } catch (ExecutionException e) {
            return new SyncResult(server.name(), SyncStatus.FAILED, RemoteException.Reason.ERROR, "error: " + e.getCause(), 0, List.of());
        }
    }

    private static double seconds(long startNanos) {
        return Math.round((System.nanoTime() - startNanos) / 1e6) / 1000.0;
    }

    private static ThreadFactory named(String what) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "portcullis-" + what + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
