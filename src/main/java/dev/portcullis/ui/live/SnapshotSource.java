package dev.portcullis.ui.live;

import dev.portcullis.conntrack.Snapshot;
import dev.portcullis.model.Server;

/**
 * Where live connection snapshots of a server come from: one poll of its connection table,
 * aggregated against its entries. Called on a background thread; may block on the network.
 */
@FunctionalInterface
public interface SnapshotSource {

    /**
     * @param previous the last snapshot of the same server (for rising refusals), or null
     */
    Snapshot poll(Server server, Snapshot previous) throws Exception;
}
