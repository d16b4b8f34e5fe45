package dev.portcullis.ui.servers;

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

    public String bundleKey() {
        return bundleKey;
    }

    public String styleClass() {
        return "state-" + name().toLowerCase().replace('_', '-');
    }
}
