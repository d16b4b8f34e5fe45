package dev.portcullis.ui.importer;

import dev.portcullis.importer.ChangeKind;
import dev.portcullis.importer.ImportPlan;
import dev.portcullis.importer.PlannedChange;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.TerminalText;
import dev.portcullis.ui.fx.Columns;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;

/**
 * The review of an import before anything is saved: one line per proposed entry with what saving
 * it would do, the entries no inbound uses any more (kept, only reported), and the import's
 * warnings and notes. Shows a plan; decides nothing.
 */
public final class ImportReviewController {

    @FXML private Label sourcesLabel;
    @FXML private Label warningsLabel;
    @FXML private TableView<PlannedChange> changesTable;
    @FXML private TableColumn<PlannedChange, String> kindColumn;
    @FXML private TableColumn<PlannedChange, Number> portColumn;
    @FXML private TableColumn<PlannedChange, String> accountColumn;
    @FXML private TableColumn<PlannedChange, String> protocolColumn;
    @FXML private TableColumn<PlannedChange, String> modeColumn;
    @FXML private TableColumn<PlannedChange, Number> maxColumn;
    @FXML private TableColumn<PlannedChange, String> labelColumn;
    @FXML private TableColumn<PlannedChange, String> warningsColumn;
    @FXML private Label disappearedLabel;
    @FXML private Label notesLabel;
    @FXML private Label summaryLabel;
    @FXML private ResourceBundle resources;

    @FXML
    private void initialize() {
        Columns.show(kindColumn, r -> kind(r.kind()));
        Columns.show(portColumn, r -> r.result().port());
        Columns.show(accountColumn, r -> TerminalText.escape(r.result().account()));
        Columns.show(protocolColumn, r -> r.result().protocol().id());
        Columns.show(modeColumn, r -> resources.getString("mode." + r.result().mode().id()));
        Columns.show(maxColumn, r -> r.result().max());
        Columns.show(labelColumn, r -> TerminalText.escape(r.result().label()));
        Columns.show(warningsColumn, r -> TerminalText.escape(warnings(r)));
        changesTable.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(PlannedChange item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().removeIf(s -> s.startsWith("change-"));
                if (!empty && item != null) {
                    getStyleClass().add("change-" + item.kind().id());
                }
            }
        });
        changesTable.setPlaceholder(new Label(resources.getString("import.nothing")));
    }

    public void show(ImportPlan plan) {
        sourcesLabel.setText(MessageFormat.format(resources.getString("import.from"), plan.server(),
                plan.sources().isEmpty() ? resources.getString("import.noSources") : TerminalText.escape(String.join(", ", plan.sources()))));
        shown(warningsLabel, TerminalText.escape(String.join("\n", plan.warnings()), true));
        changesTable.getItems().setAll(plan.changes());
        List<String> gone = new ArrayList<>();
        for (LimitEntry e : plan.disappeared()) {
            // An account entry is named by its account too: several may share the port.
            gone.add(MessageFormat.format(resources.getString("import.disappeared"), e.port() + "/" + e.protocol().id()
                    + (e.isAccount() ? " " + TerminalText.escape(e.account()) : ""), TerminalText.escape(e.label())));
        }
        shown(disappearedLabel, String.join("\n", gone));
        shown(notesLabel, TerminalText.escape(String.join("\n", plan.notes()), true));
        summaryLabel.setText(MessageFormat.format(resources.getString("import.summary"), plan.count(ChangeKind.NEW),
                plan.count(ChangeKind.UPDATED), plan.count(ChangeKind.UNCHANGED), plan.count(ChangeKind.CONFLICT),
                plan.disappeared().size()));
    }

    private String kind(ChangeKind kind) {
        return resources.getString("import.kind." + kind.id());
    }

    private String warnings(PlannedChange c) {
        List<String> all = new ArrayList<>();
        if (c.kind() == ChangeKind.CONFLICT) {
            all.add(resources.getString("import.conflict"));
        }
        all.addAll(c.proposal().warnings());
        return String.join("; ", all);
    }

    private static void shown(Label label, String text) {
        label.setText(text);
        label.setVisible(!text.isEmpty());
        label.setManaged(!text.isEmpty());
    }
}
