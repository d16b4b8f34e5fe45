package dev.portcullis.ui.servers;

import dev.portcullis.model.Server;
import java.time.Instant;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

/** One line of the server list: the stored server and what the window knows about its sync. */
public final class ServerRow {

    private final ObjectProperty<Server> server = new SimpleObjectProperty<>();
    private final ObjectProperty<SyncState> state = new SimpleObjectProperty<>(SyncState.NEVER_SYNCED);
    private final ObjectProperty<Instant> lastSync = new SimpleObjectProperty<>();

    public ServerRow(Server server) {
        this.server.set(server);
    }

    public Server server() {
        return server.get();
    }

    public String name() {
        return server.get().name();
    }

    public ObjectProperty<Server> serverProperty() {
        return server;
    }

    public ObjectProperty<SyncState> stateProperty() {
        return state;
    }

    public ObjectProperty<Instant> lastSyncProperty() {
        return lastSync;
    }
}
