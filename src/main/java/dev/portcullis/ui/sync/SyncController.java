package dev.portcullis.ui.sync;

import dev.portcullis.fleet.SyncResult;
import dev.portcullis.fleet.SyncStatus;
import dev.portcullis.model.TerminalText;
import dev.portcullis.remote.Change;
import dev.portcullis.ui.fx.Columns;
import java.text.MessageFormat;
import java.util.ResourceBundle;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.collections.FXCollections;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The result list of the last sync or plan: one row per server, filled in live, failures with
 * their reason and a Retry button; the changes of the selected server (what a plan would do, or
 * what a sync did) below.
 */
public final class SyncController {

    private final SyncModel model;
    private final FleetActions actions;

    @FXML private Label summaryLabel;
    @FXML private ProgressBar progress;
    @FXML private TableView<SyncRow> table;
    @FXML private TableColumn<SyncRow, String> serverColumn;
    @FXML private TableColumn<SyncRow, SyncRow> resultColumn;
    @FXML private TableColumn<SyncRow, SyncRow> detailColumn;
    @FXML private TableColumn<SyncRow, SyncRow> retryColumn;
    @FXML private ListView<String> changes;
    @FXML private ResourceBundle resources;

    public SyncController(SyncModel model, FleetActions actions) {
        this.model = model;
        this.actions = actions;
    }

    @FXML
    private void initialize() {
        table.setItems(model.rows());
        table.setPlaceholder(new Label(resources.getString("sync.empty")));
        Columns.show(serverColumn, SyncRow::server);
        Columns.show(resultColumn, row -> row);
        resultColumn.setCellFactory(col -> new LiveCell(this::resultText, true));
        Columns.show(detailColumn, row -> row);
        detailColumn.setCellFactory(col -> new LiveCell(this::detailText, false));
        Columns.show(retryColumn, row -> row);
        retryColumn.setCellFactory(col -> new RetryCell());

        progress.progressProperty().bind(Bindings.createDoubleBinding(
                () -> model.rows().isEmpty() ? 0 : (double) model.doneProperty().get() / model.rows().size(),
                model.doneProperty(), model.rows()));
        summaryLabel.textProperty().bind(Bindings.createStringBinding(() -> model.rows().isEmpty() ? ""
                : MessageFormat.format(resources.getString(model.planOnlyProperty().get() ? "sync.progress.plan" : "sync.progress"),
                        model.doneProperty().get(), model.rows().size()),
                model.doneProperty(), model.rows(), model.planOnlyProperty()));

        table.getSelectionModel().selectedItemProperty().addListener((obs, o, row) -> showChanges(row));
    }

    private void showChanges(SyncRow row) {
        if (row == null || row.resultProperty().get() == null) {
            changes.setItems(FXCollections.observableArrayList());
            return;
        }
        SyncResult r = row.resultProperty().get();
        changes.setItems(FXCollections.observableArrayList(r.changes().stream().map(Change::toString).toList()));
        changes.setPlaceholder(new Label(resources.getString(r.failed() ? "sync.noChangesFailed" : "sync.noChanges")));
    }

    private String resultText(SyncRow row) {
        SyncResult r = row.resultProperty().get();
        if (r == null) {
            return resources.getString(row.phaseProperty().get() == SyncRow.Phase.RUNNING ? "sync.running" : "sync.waiting");
        }
        if (r.status() == SyncStatus.FAILED) {
            return resources.getString("sync.failed") + " (" + r.reason().id() + ")";
        }
        if (model.planOnlyProperty().get()) {
            return resources.getString(r.status() == SyncStatus.UNCHANGED ? "sync.plan.inSync" : "sync.plan.changes");
        }
        return resources.getString(r.status() == SyncStatus.UNCHANGED ? "sync.unchanged" : "sync.applied");
    }

    private String detailText(SyncRow row) {
        SyncResult r = row.resultProperty().get();
        if (r == null) {
            return row.stepProperty().get();
        }
        if (r.failed()) {
            return TerminalText.escape(r.error());
        }
        return MessageFormat.format(resources.getString("sync.detail"), r.changes().size(), r.seconds());
    }

    /** A cell that follows its row's phase, step and result as they change. */
    private static final class LiveCell extends TableCell<SyncRow, SyncRow> {
        private final java.util.function.Function<SyncRow, String> text;
        private final boolean icon;
        private final javafx.beans.InvalidationListener refresh = o -> update();
        private SyncRow watched;

        LiveCell(java.util.function.Function<SyncRow, String> text, boolean icon) {
            this.text = text;
            this.icon = icon;
        }

        @Override
        protected void updateItem(SyncRow row, boolean empty) {
            super.updateItem(row, empty);
            if (watched != null) {
                watched.phaseProperty().removeListener(refresh);
                watched.stepProperty().removeListener(refresh);
                watched.resultProperty().removeListener(refresh);
            }
            watched = empty ? null : row;
            if (watched != null) {
                watched.phaseProperty().addListener(refresh);
                watched.stepProperty().addListener(refresh);
                watched.resultProperty().addListener(refresh);
            }
            update();
        }

        private void update() {
            getStyleClass().removeAll("sync-ok", "sync-failed", "sync-running");
            if (watched == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            setText(text.apply(watched));
            if (icon) {
                String literal;
                if (watched.failed()) {
                    literal = "fth-x-circle";
                    getStyleClass().add("sync-failed");
                } else if (watched.resultProperty().get() != null) {
                    literal = "fth-check-circle";
                    getStyleClass().add("sync-ok");
                } else {
                    literal = watched.phaseProperty().get() == SyncRow.Phase.RUNNING ? "fth-loader" : "fth-clock";
                    getStyleClass().add("sync-running");
                }
                setGraphic(new FontIcon(literal));
            }
        }
    }

    /** Retry, shown for failed servers only, disabled while a run is going. */
    private final class RetryCell extends TableCell<SyncRow, SyncRow> {
        private final Button button = new Button();
        private final javafx.beans.InvalidationListener refresh = o -> update();
        private SyncRow watched;

        RetryCell() {
            button.setText(resources.getString("action.retry"));
            button.setGraphic(new FontIcon("fth-rotate-cw"));
            button.getStyleClass().addAll("small", "retry-button");
            button.setOnAction(e -> {
                if (watched != null) {
                    actions.retry(watched.server());
                }
            });
        }

        @Override
        protected void updateItem(SyncRow row, boolean empty) {
            super.updateItem(row, empty);
            if (watched != null) {
                watched.resultProperty().removeListener(refresh);
            }
            watched = empty ? null : row;
            if (watched != null) {
                watched.resultProperty().addListener(refresh);
            }
            update();
        }

        private void update() {
            setText(null);
            setGraphic(watched != null && watched.failed() ? button : null);
        }
    }
}
