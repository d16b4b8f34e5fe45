package dev.portcullis.remote;

import java.util.List;

/** What a sync of one server would change; empty changes means the server is in sync. */
public record Plan(String server, List<Change> changes) {

    public Plan {
        changes = List.copyOf(changes);
    }

    public boolean inSync() {
        return changes.isEmpty();
    }
}
