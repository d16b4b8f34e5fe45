package dev.portcullis.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.conntrack.Snapshot;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.ui.live.ConnectionRow;
import dev.portcullis.ui.live.LiveModel;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LiveModelTest {

    private static final List<LimitEntry> ENTRIES = List.of(LimitEntry.of(443, LimitMode.DEVICES, 5));

    @Test
    void rowsOfLastingConnectionsAreKeptAndOnlyChangesAreApplied() {
        LiveModel model = new LiveModel();
        Snapshot first = ConntrackText.snapshot(ENTRIES, 300, 0, null);
        model.apply(first, 1_000);
        assertEquals(300, model.connections().size());
        ConnectionRow lasting = model.connections().get(150);

        int[] changes = {0};
        model.connections().addListener((javafx.collections.ListChangeListener<ConnectionRow>) c -> changes[0]++);
        model.apply(ConntrackText.snapshot(ENTRIES, 300, 20, first), 4_000);
        assertEquals(300, model.connections().size());
        assertTrue(model.connections().contains(lasting), "same object, not a copy");
        assertSame(lasting, model.connections().get(model.connections().indexOf(lasting)));
        assertTrue(changes[0] <= 2, "one removal change and one addition change, got " + changes[0]);
        Set<ConnectionRow> distinct = new HashSet<>(model.connections());
        assertEquals(300, distinct.size());
    }

    @Test
    void historyKeepsTheLastTenMinutesPerPort() {
        LiveModel model = new LiveModel();
        Snapshot s = ConntrackText.snapshot(ENTRIES, 50, 0, null);
        for (int minute = 0; minute <= 15; minute++) {
            model.apply(s, minute * 60_000L);
        }
        var points = model.history().get("443/tcp");
        assertEquals(11, points.size(), "minutes 5..15");
        assertEquals(5 * 60_000L, points.peekFirst()[0]);
        assertTrue(model.ports().get(0).overLimit(), "50 addresses on a 5-device port");
    }
}
