package dev.portcullis.fleet;

import dev.portcullis.model.Server;

/** Where {@link FleetSync} keeps how each server's sync ended (the inventory's last sync). */
@FunctionalInterface
public interface SyncRecorder {

    /** Keeps nothing. */
    SyncRecorder NONE = (server, result) -> { };

    /** Called once per synced server (never for a plan), from the worker that synced it. */
    void record(Server server, SyncResult result);
}
