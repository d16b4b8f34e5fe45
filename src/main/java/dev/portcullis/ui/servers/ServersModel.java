package dev.portcullis.ui.servers;

import dev.portcullis.model.Server;
import dev.portcullis.store.LastSync;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The servers the window shows and which one is selected; shared by the list, the limits pane,
 * the sync pane and the menus so none of them has to know the others. Survives a language switch
 * (views are reloaded, this is not). FX thread only.
 */
public final class ServersModel {

    private final ObservableList<ServerRow> rows = FXCollections.observableArrayList();
    private final ObjectProperty<ServerRow> selected = new SimpleObjectProperty<>();

    public ObservableList<ServerRow> rows() {
        return rows;
    }

    public ObjectProperty<ServerRow> selectedProperty() {
        return selected;
    }

    public Optional<ServerRow> selected() {
        return Optional.ofNullable(selected.get());
    }

    /** Replaces the list with what the store holds, keeping each known row (and its sync state). */
    public void replaceAll(List<Server> servers) {
        replaceAll(servers, Map.of());
    }

    /**
     * As {@link #replaceAll(List)}; rows new to the list (all of them after a start) take their
     * state and time from the store's record of their last sync, by server name.
     */
    public void replaceAll(List<Server> servers, Map<String, LastSync> lastSyncs) {
        Map<Long, ServerRow> known = new HashMap<>();
        rows.forEach(r -> known.put(r.server().id(), r));
        String selectedName = selected().map(ServerRow::name).orElse(null);
        List<ServerRow> next = servers.stream().map(s -> {
            ServerRow row = known.get(s.id());
            if (row == null) {
                ServerRow fresh = new ServerRow(s);
                LastSync last = lastSyncs.get(s.name());
                if (last != null) {
                    fresh.stateProperty().set(SyncState.ofRecorded(last.status()));
                    fresh.lastSyncProperty().set(last.at());
                }
                return fresh;
            }
            row.serverProperty().set(s);
            return row;
        }).toList();
        rows.setAll(next);
        selected.set(next.stream().filter(r -> r.name().equals(selectedName)).findFirst().orElse(null));
    }

    public Optional<ServerRow> byName(String name) {
        return rows.stream().filter(r -> r.name().equals(name)).findFirst();
    }
}
