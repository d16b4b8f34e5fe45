package dev.portcullis.ui.sync;

import dev.portcullis.fleet.SyncResult;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The last sync or plan: one row per server, filled in as results arrive. FX thread only. */
public final class SyncModel {

    private final ObservableList<SyncRow> rows = FXCollections.observableArrayList();
    private final Map<String, SyncRow> byName = new HashMap<>();
    private final IntegerProperty done = new SimpleIntegerProperty();
    private final BooleanProperty planOnly = new SimpleBooleanProperty();

    public ObservableList<SyncRow> rows() {
        return rows;
    }

    public IntegerProperty doneProperty() {
        return done;
    }

    public BooleanProperty planOnlyProperty() {
        return planOnly;
    }

    /** A new run over these servers; a retry of some servers replaces only their rows. */
    public void begin(List<String> servers, boolean plan, boolean retry) {
        planOnly.set(plan);
        if (!retry) {
            rows.clear();
            byName.clear();
            done.set(0);
        }
        for (String name : servers) {
            SyncRow row = byName.get(name);
            if (row == null) {
                row = new SyncRow(name);
                byName.put(name, row);
                rows.add(row);
            } else {
                row.resultProperty().set(null);
                row.phaseProperty().set(SyncRow.Phase.WAITING);
                done.set(done.get() - 1);
            }
        }
    }

    public void started(String server) {
        row(server).phaseProperty().set(SyncRow.Phase.RUNNING);
    }

    public void step(String server, String step) {
        row(server).stepProperty().set(step);
    }

    public void finished(SyncResult result) {
        SyncRow row = row(result.server());
        row.resultProperty().set(result);
        row.phaseProperty().set(SyncRow.Phase.DONE);
        done.set(done.get() + 1);
    }

    private SyncRow row(String server) {
        return byName.computeIfAbsent(server, n -> {
            SyncRow r = new SyncRow(n);
            rows.add(r);
            return r;
        });
    }
}
