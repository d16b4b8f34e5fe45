package dev.portcullis.ui.servers;

import dev.portcullis.fleet.SyncStatus;

/** What the window knows about a server's rules compared with its entries. */
public enum SyncState {
    NEVER_SYNCED("status.never"),
    IN_SYNC("status.inSync"),
    DRIFT("status.drift"),
    FAILED("status.failed"),
    UNREACHABLE("status.unreachable");

    private final String bundleKey;

    SyncState(String bundleKey) {
        this.bundleKey = bundleKey;
    }

    /**
     * What a recorded sync status (a sync result's id, as the store keeps it) means for the list:
     * applied or already matching is in sync, failed is failed, nothing recorded is never synced.
     */
    public static SyncState ofRecorded(String status) {
        if (SyncStatus.OK.id().equals(status) || SyncStatus.UNCHANGED.id().equals(status)) {
            return IN_SYNC;
        }
        return SyncStatus.FAILED.id().equals(status) ? FAILED : NEVER_SYNCED;
    }

    public String bundleKey() {
        return bundleKey;
    }

    public String styleClass() {
        return "state-" + name().toLowerCase().replace('_', '-');
    }
}
