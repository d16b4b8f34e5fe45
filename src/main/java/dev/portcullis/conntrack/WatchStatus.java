package dev.portcullis.conntrack;

/**
 * The state of the server's access-log watcher, which enforces account entries.
 *
 * @param logPath the access log it follows, or "" when none was found
 */
public record WatchStatus(State state, String logPath) {

    public static final WatchStatus UNKNOWN = new WatchStatus(State.UNKNOWN, "");

    public enum State {
        /** Following the log and enforcing. */
        RUNNING,
        /** Account entries exist but the watcher does not run. */
        STOPPED,
        /** Account entries exist but no access log is configured or found: nothing is enforced. */
        NO_LOG,
        /** No account entries: no watcher needed. */
        NOT_NEEDED,
        /** The server did not say (an older script). */
        UNKNOWN
    }

    public WatchStatus {
        logPath = logPath == null ? "" : logPath;
    }
}
