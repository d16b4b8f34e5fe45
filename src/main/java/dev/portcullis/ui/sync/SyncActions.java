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
}
