package dev.portcullis.fleet;

/** How one server came out of a sync. */
public enum SyncStatus {
    /** The script was applied and verified. */
    OK("ok"),
    /** The server already matched the store; nothing was applied. */
    UNCHANGED("unchanged"),
    /** Something failed; the result's error says what (unreachable, timeout, auth failed, ...). */
    FAILED("failed");

    private final String id;

    SyncStatus(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
