package dev.portcullis.fleet;

/**
 * Progress of a fleet sync or plan, one server at a time. Called from worker threads: a window
 * hands these to its UI thread, a terminal prints a line per finished server.
 */
public interface SyncListener {

    /** A worker picked up the server. */
    default void started(String server) {
    }

    /** The server's sync moved to a new step (connecting, reading state, uploading, applying, verifying). */
    default void step(String server, String step) {
    }

    /** The server is done; exactly one call per server. */
    default void finished(SyncResult result) {
    }

    SyncListener NONE = new SyncListener() {
    };
}
