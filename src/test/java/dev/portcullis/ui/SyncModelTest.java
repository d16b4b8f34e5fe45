package dev.portcullis.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.fleet.SyncResult;
import dev.portcullis.fleet.SyncStatus;
import dev.portcullis.remote.RemoteException;
import dev.portcullis.ui.sync.SyncModel;
import dev.portcullis.ui.sync.SyncRow;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyncModelTest {

    @Test
    void rowsFillInAsServersFinishAndARetryReplacesOnlyItsRow() {
        SyncModel model = new SyncModel();
        model.begin(List.of("a", "b"), false, false);
        assertEquals(2, model.rows().size());
        model.started("a");
        assertEquals(SyncRow.Phase.RUNNING, model.rows().get(0).phaseProperty().get());
        model.step("a", "uploading");
        model.finished(new SyncResult("a", SyncStatus.OK, null, null, 1.2, List.of()));
        model.finished(new SyncResult("b", SyncStatus.FAILED, RemoteException.Reason.UNREACHABLE, "unreachable: b", 10, List.of()));
        assertEquals(2, model.doneProperty().get());
        SyncRow a = model.rows().get(0);
        assertTrue(model.rows().get(1).failed());

        model.begin(List.of("b"), false, true);
        assertEquals(2, model.rows().size(), "a retry keeps the other results");
        assertSame(a, model.rows().get(0));
        assertNull(model.rows().get(1).resultProperty().get());
        assertEquals(1, model.doneProperty().get());

        model.begin(List.of("c"), true, false);
        assertEquals(1, model.rows().size(), "a new run starts a new list");
        assertTrue(model.planOnlyProperty().get());
    }
}
