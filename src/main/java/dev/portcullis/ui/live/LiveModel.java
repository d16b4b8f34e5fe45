package dev.portcullis.ui.live;

import dev.portcullis.conntrack.Connection;
import dev.portcullis.conntrack.PortSummary;
import dev.portcullis.conntrack.Snapshot;
import dev.portcullis.conntrack.WatchStatus;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * What the live view shows, updated from each snapshot on the FX thread: connection rows merged
 * in place (kept, updated, added, removed: never replaced wholesale, which would clear the
 * selection and jump the scroll position), the per-port summaries, and a short history of
 * distinct addresses per port for the chart.
 */
public final class LiveModel {

    /** How far back the chart looks. */
    public static final long HISTORY_MILLIS = 10 * 60_000L;

    private final ObservableList<ConnectionRow> connections = FXCollections.observableArrayList();
    private final ObservableList<PortSummary> ports = FXCollections.observableArrayList();
    private final ObservableList<AccountLine> accounts = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<WatchStatus> watch = new ReadOnlyObjectWrapper<>(WatchStatus.UNKNOWN);
    private final Map<ConnectionRow.Key, ConnectionRow> byKey = new HashMap<>();
    private final Map<String, Deque<long[]>> history = new LinkedHashMap<>();

    public ObservableList<ConnectionRow> connections() {
        return connections;
    }

    public ObservableList<PortSummary> ports() {
        return ports;
    }

    /** The account entries' members and refused networks, one line per network. */
    public ObservableList<AccountLine> accounts() {
        return accounts;
    }

    /** The state of the server's access-log watcher in the last snapshot. */
    public ReadOnlyObjectProperty<WatchStatus> watch() {
        return watch.getReadOnlyProperty();
    }

    /** Distinct addresses per port ("443/tcp"), as (time millis, count) pairs, oldest first. */
    public Map<String, Deque<long[]>> history() {
        return history;
    }

    public void clear() {
        connections.clear();
        byKey.clear();
        ports.clear();
        accounts.clear();
        watch.set(WatchStatus.UNKNOWN);
        history.clear();
    }

    public void apply(Snapshot snapshot, long nowMillis) {
        mergeConnections(snapshot.connections());
        ports.setAll(snapshot.ports());
        accounts.setAll(snapshot.accounts().stream().flatMap(a -> AccountLine.of(a).stream()).toList());
        watch.set(snapshot.watch());
        for (PortSummary p : snapshot.ports()) {
            Deque<long[]> points = history.computeIfAbsent(p.port() + "/" + p.protocol().id(), k -> new ArrayDeque<>());
            points.addLast(new long[] {nowMillis, p.addresses()});
            while (!points.isEmpty() && points.peekFirst()[0] < nowMillis - HISTORY_MILLIS) {
                points.removeFirst();
            }
        }
    }

    private void mergeConnections(List<Connection> current) {
        Map<ConnectionRow.Key, Connection> seen = new HashMap<>(current.size() * 2);
        List<ConnectionRow> added = new ArrayList<>();
        for (Connection c : current) {
            ConnectionRow.Key key = ConnectionRow.Key.of(c);
            seen.put(key, c);
            ConnectionRow row = byKey.get(key);
            if (row == null) {
                row = new ConnectionRow(c);
                byKey.put(key, row);
                added.add(row);
            } else {
                row.update(c);
            }
        }
        if (byKey.size() > seen.size()) {
            java.util.Set<ConnectionRow> gone = new java.util.HashSet<>();
            byKey.values().removeIf(row -> {
                if (seen.containsKey(row.key())) {
                    return false;
                }
                gone.add(row);
                return true;
            });
            // removeAll reports one change for every removal (removeIf would fire one per row,
            // each re-sorting and re-selecting 10,000 rows).
            connections.removeAll(gone);
        }
        if (!added.isEmpty()) {
            connections.addAll(added);
        }
    }
}
