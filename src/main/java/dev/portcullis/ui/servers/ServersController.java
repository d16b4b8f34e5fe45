package dev.portcullis.ui.servers;

import dev.portcullis.ui.fx.Columns;
import java.text.MessageFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import java.util.ResourceBundle;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;

/** The server list: name, address, sync state and last sync; selection feeds the shared model. */
public final class ServersController {

    private final ServersModel model;
    private final ServerActions actions;
    /** Held here and added weakly: a reloaded view (language switch) lets its old controller go. */
    private final javafx.beans.value.ChangeListener<ServerRow> selectionListener = (obs, old, row) -> {
        if (row != this.table.getSelectionModel().getSelectedItem()) {
            this.table.getSelectionModel().select(row);
        }
    };

    @FXML private TableView<ServerRow> table;
    @FXML private TableColumn<ServerRow, String> nameColumn;
    @FXML private TableColumn<ServerRow, String> addressColumn;
    @FXML private TableColumn<ServerRow, SyncState> stateColumn;
    @FXML private TableColumn<ServerRow, Instant> lastSyncColumn;
    @FXML private Label countLabel;
    @FXML private ResourceBundle resources;

    public ServersController(ServersModel model, ServerActions actions) {
        this.model = model;
        this.actions = actions;
    }

    @FXML
    private void initialize() {
        table.setItems(model.rows());
        Columns.show(nameColumn, ServerRow::name);
        Columns.show(addressColumn, r -> r.server().address());
        stateColumn.setCellValueFactory(c -> c.getValue().stateProperty());
        stateColumn.setCellFactory(col -> new StateCell(resources));
        lastSyncColumn.setCellValueFactory(c -> c.getValue().lastSyncProperty());
        DateTimeFormatter time = shortTime(resources.getLocale(), ZoneId.systemDefault());
        lastSyncColumn.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(Instant item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item == null ? resources.getString("status.neverTime") : withoutDirectionMarks(time.format(item)));
            }
        });
        table.setPlaceholder(new Label(resources.getString("servers.empty")));

        // Selection survives a reload of the view (language switch): restore it from the model.
        model.selected().ifPresent(row -> table.getSelectionModel().select(row));
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, row) -> model.selectedProperty().set(row));
        model.selectedProperty().addListener(new javafx.beans.value.WeakChangeListener<>(selectionListener));

        countLabel.textProperty().bind(Bindings.createStringBinding(
                () -> MessageFormat.format(resources.getString("servers.count"), model.rows().size()), model.rows()));

        table.setRowFactory(tv -> {
            TableRow<ServerRow> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !row.isEmpty()) {
                    actions.edit(row.getItem());
                }
            });
            return row;
        });
        table.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                model.selected().ifPresent(actions::edit);
            }
        });
        MenuItem edit = new MenuItem(resources.getString("action.editServer"));
        edit.setOnAction(e -> model.selected().ifPresent(actions::edit));
        MenuItem remove = new MenuItem(resources.getString("action.removeServer"));
        remove.setOnAction(e -> model.selected().ifPresent(actions::remove));
        table.setContextMenu(new ContextMenu(edit, remove));
    }

    @FXML
    private void add() {
        actions.add();
    }

    /** A coloured badge: each state has its own style class (servers.css). */
    private static final class StateCell extends TableCell<ServerRow, SyncState> {
        private final ResourceBundle resources;

        StateCell(ResourceBundle resources) {
            this.resources = resources;
        }

        @Override
        protected void updateItem(SyncState item, boolean empty) {
            super.updateItem(item, empty);
            getStyleClass().removeIf(c -> c.startsWith("state-"));
            if (empty || item == null) {
                setText(null);
            } else {
                setText(resources.getString(item.bundleKey()));
                getStyleClass().add(item.styleClass());
            }
        }
    }

    static DateTimeFormatter shortTime(Locale locale, ZoneId zone) {
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT).withLocale(locale).withZone(zone);
    }

    /**
     * Persian dates carry right-to-left marks (U+200F), which JavaFX draws as boxes; the cell lays
     * out the text right to left anyway.
     */
    static String withoutDirectionMarks(String text) {
        return text.replaceAll("[\u200e\u200f\u061c]", "");
    }
}
