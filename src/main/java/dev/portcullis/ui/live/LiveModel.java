package dev.portcullis.ui.live;

import dev.portcullis.conntrack.Connection;
import dev.portcullis.conntrack.PortSummary;
import dev.portcullis.conntrack.Snapshot;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    private final Map<ConnectionRow.Key, ConnectionRow> byKey = new HashMap<>();
    private final Map<String, Deque<long[]>> history = new LinkedHashMap<>();

    public ObservableList<ConnectionRow> connections() {
        return connections;
    }

    public ObservableList<PortSummary> ports() {
        return ports;
    }

    /** Distinct addresses per port ("443/tcp"), as (time millis, count) pairs, oldest first. */
    public Map<String, Deque<long[]>> history() {
        return history;
    }

    public void clear() {
        connections.clear();
        byKey.clear();
        ports.clear();
        history.clear();
    }

    public void apply(Snapshot snapshot, long nowMillis) {
        mergeConnections(snapshot.connections());
        ports.setAll(snapshot.ports());
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
