package dev.portcullis.fleet;

import dev.portcullis.remote.Change;
import dev.portcullis.remote.RemoteException;
import java.util.List;

/**
 * The outcome for one server.
 *
 * @param reason  why it failed, null unless {@link SyncStatus#FAILED}
 * @param error   one line for the operator, null unless failed
 * @param changes what was changed (ok) or would change (plan)
 */
public record SyncResult(String server, SyncStatus status, RemoteException.Reason reason, String error,
                         double seconds, List<Change> changes) {

    public SyncResult {
        changes = changes == null ? List.of() : List.copyOf(changes);
    }

    public boolean failed() {
        return status == SyncStatus.FAILED;
    }
}
