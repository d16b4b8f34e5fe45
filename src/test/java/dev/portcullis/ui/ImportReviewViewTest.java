package dev.portcullis.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.importer.ChangeKind;
import dev.portcullis.importer.ImportPlan;
import dev.portcullis.importer.PlannedChange;
import dev.portcullis.importer.Proposal;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.ui.fx.ControllerLookup;
import dev.portcullis.ui.fx.FxmlLoaderFactory;
import dev.portcullis.ui.fx.FxmlView;
import dev.portcullis.ui.importer.ImportReviewController;
import dev.portcullis.ui.settings.Appearance;
import java.util.List;
import java.util.Locale;
import javafx.scene.Scene;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The import review (real FXML and controller) shows which account each proposed account entry is for. */
@ExtendWith(ApplicationExtension.class)
class ImportReviewViewTest {

    private ImportReviewController controller;

    @Start
    void start(Stage stage) {
        ControllerLookup lookup = new ControllerLookup();
        lookup.register(ImportReviewController.class, ImportReviewController::new);
        FxmlLoaderFactory.Loaded<ImportReviewController> view = new FxmlLoaderFactory(lookup,
                () -> Appearance.bundle(Locale.ENGLISH)).load(FxmlView.IMPORT_REVIEW);
        controller = view.controller();
        stage.setScene(new Scene(view.root(), 1000, 600));
        stage.show();
    }

    @Test
    void accountEntriesAreShownWithTheirAccount(FxRobot robot) {
        // Spaces and non-Latin letters are allowed in an account (control and format characters are not).
        String spaced = "li wei 李@x";
        LimitEntry alice = LimitEntry.ofAccount(443, "alice@x", 2);
        LimitEntry li = LimitEntry.ofAccount(443, spaced, 1);
        LimitEntry port = LimitEntry.of(8443, LimitMode.DEVICES, 3);
        ImportPlan plan = new ImportPlan("fra-1", List.of("/etc/x-ui/x-ui.db"), List.of(
                change(alice), change(li), change(port)), List.of(LimitEntry.ofAccount(443, "gone@x", 1)),
                List.of(), List.of());
        robot.interact(() -> controller.show(plan));
        TableView<?> table = robot.lookup(".import-table").queryTableView();
        TableColumn<?, ?> account = table.getColumns().stream().filter(c -> "accountColumn".equals(c.getId()))
                .findFirst().orElseThrow();
        assertEquals(List.of("alice@x", spaced, ""),
                List.of(account.getCellData(0), account.getCellData(1), account.getCellData(2)));
        String gone = robot.lookup(".import-disappeared").queryLabeled().getText();
        assertTrue(gone.contains("443/tcp gone@x"), gone);
    }

    private static PlannedChange change(LimitEntry entry) {
        return new PlannedChange(ChangeKind.NEW, new Proposal(entry, "vless inbound on port " + entry.port(),
                "/etc/x-ui/x-ui.db", true, true, List.of()), null, entry);
    }
}
