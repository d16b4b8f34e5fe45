package dev.portcullis.ui.live;

import dev.portcullis.conntrack.ConnectionAggregator;
import dev.portcullis.conntrack.ConntrackFilter;
import dev.portcullis.conntrack.Snapshot;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.Server;
import dev.portcullis.remote.ExecResult;
import dev.portcullis.remote.RemoteException;
import dev.portcullis.remote.SshConnector;
import dev.portcullis.remote.SshSession;
import dev.portcullis.store.Inventory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Polls a server's connection table over SSH: the conntrack filter for its entries' ports runs on
 * the server, the lines that come back go through the conntrack parser and aggregator. The
 * session stays open between polls of the same server (a handshake every few seconds would cost
 * more than the poll), and is dropped on any failure so the next poll starts clean.
 * Refusal counters are not read yet: the refused column stays 0.
 */
public final class SshSnapshotSource implements SnapshotSource {

    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(20);

    private final SshConnector connector;
    private final Inventory inventory;
    private SshSession session;

    public SshSnapshotSource(SshConnector connector, Inventory inventory) {
        this.connector = connector;
        this.inventory = inventory;
    }

    @Override
    public synchronized Snapshot poll(Server server, Snapshot previous) throws Exception {
        List<LimitEntry> entries = inventory.limits(server.name());
        try {
            if (session == null || !session.server().equals(server)) {
                closeSession();
                session = connector.open(server);
            }
            ExecResult result = session.runAsRoot(ConntrackFilter.forEntries(entries), POLL_TIMEOUT);
            if (!result.ok()) {
                throw new RemoteException(RemoteException.Reason.ERROR, server.name() + ": " + result.lastLine());
            }
            return new ConnectionAggregator(entries)
                    .poll(result.stdout().getBytes(StandardCharsets.UTF_8), Map.of(), previous);
        } catch (Exception e) {
            closeSession();
            throw e;
        }
    }

    public synchronized void closeSession() {
        if (session != null) {
            session.close();
            session = null;
        }
    }
}
