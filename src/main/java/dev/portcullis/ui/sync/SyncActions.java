package dev.portcullis.ui.sync;

import dev.portcullis.ui.servers.ServerRow;

/** Test connection, plan, sync and sync all, as the menus and toolbar offer them. */
public interface SyncActions {

    /** False when this build has no way to reach servers; the window then disables these actions. */
    boolean available();

    void testConnection(ServerRow server);

    void plan(ServerRow server);

    void sync(ServerRow server);

    void syncAll();

    /** No SSH layer: every action is disabled in the window, so none of these is ever called. */
    SyncActions UNAVAILABLE = new SyncActions() {
        @Override public boolean available() {
            return false;
        }

        @Override public void testConnection(ServerRow server) {
            throw new UnsupportedOperationException("no SSH layer in this build");
        }

        @Override public void plan(ServerRow server) {
            throw new UnsupportedOperationException("no SSH layer in this build");
        }

        @Override public void sync(ServerRow server) {
            throw new UnsupportedOperationException("no SSH layer in this build");
        }

        @Override public void syncAll() {
            throw new UnsupportedOperationException("no SSH layer in this build");
        }
    };
}
