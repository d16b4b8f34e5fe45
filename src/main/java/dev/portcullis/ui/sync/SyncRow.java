package dev.portcullis.ui.sync;

import dev.portcullis.fleet.SyncResult;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One server in the result list of a sync or plan; fills in live as the server progresses. */
public final class SyncRow {

    /** Where the server is in the run. */
    public enum Phase { WAITING, RUNNING, DONE }

    private final String server;
    private final ObjectProperty<Phase> phase = new SimpleObjectProperty<>(Phase.WAITING);
    private final StringProperty step = new SimpleStringProperty("");
    private final ObjectProperty<SyncResult> result = new SimpleObjectProperty<>();

    public SyncRow(String server) {
        this.server = server;
    }

    public String server() {
        return server;
    }

    public ObjectProperty<Phase> phaseProperty() {
        return phase;
    }

    public StringProperty stepProperty() {
        return step;
    }

    public ObjectProperty<SyncResult> resultProperty() {
        return result;
    }

    public boolean failed() {
        return result.get() != null && result.get().failed();
    }
}
