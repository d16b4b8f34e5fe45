package dev.portcullis.ui.limits;

import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Protocol;
import dev.portcullis.model.TerminalText;
import dev.portcullis.model.Validator;
import dev.portcullis.ui.fx.Columns;
import dev.portcullis.ui.main.StatusModel;
import dev.portcullis.ui.servers.ServerRow;
import dev.portcullis.ui.servers.ServersModel;
import dev.portcullis.model.ValidationException.Field;
import dev.portcullis.ui.validation.FieldMessages;
import java.text.MessageFormat;
import java.util.List;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.function.BiFunction;
import java.util.function.IntConsumer;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.cell.ComboBoxTableCell;
import javafx.scene.layout.Pane;
import javafx.util.StringConverter;
import org.controlsfx.validation.ValidationResult;
import org.controlsfx.validation.ValidationSupport;

/**
 * The limits of the selected server: an editable table and a row for adding an entry. Port and
 * protocol identify an entry (remove and add to change them); every other column is edited in
 * place. All values are checked by {@link Validator}; a value it refuses stays in the cell,
 * marked, and is never stored.
 */
public final class LimitsController {

    private final ServersModel servers;
    private final LimitEditor editor;
    private final StatusModel status;
    /** Held here and added weakly: a reloaded view (language switch) lets its old controller go. */
    private final javafx.beans.value.ChangeListener<ServerRow> selectionListener = (obs, o, row) -> showServer(row);
    private final javafx.collections.ListChangeListener<LimitEntry> entriesListener = c -> this.validation.revalidate(this.newPort);

    @FXML private Pane root;
    @FXML private Pane addBar;
    @FXML private Label serverLabel;
    @FXML private TableView<LimitEntry> table;
    @FXML private TableColumn<LimitEntry, String> portColumn;
    @FXML private TableColumn<LimitEntry, String> protocolColumn;
    @FXML private TableColumn<LimitEntry, LimitMode> modeColumn;
    @FXML private TableColumn<LimitEntry, String> maxColumn;
    @FXML private TableColumn<LimitEntry, String> v4Column;
    @FXML private TableColumn<LimitEntry, String> v6Column;
    @FXML private TableColumn<LimitEntry, String> labelColumn;
    @FXML private TableColumn<LimitEntry, Boolean> observeColumn;
    @FXML private TableColumn<LimitEntry, Boolean> enabledColumn;
    @FXML private TextField newPort;
    @FXML private ComboBox<Protocol> newProtocol;
    @FXML private ComboBox<LimitMode> newMode;
    @FXML private TextField newMax;
    @FXML private TextField newLabel;
    @FXML private Button addLimitButton;
    @FXML private Button removeButton;
    @FXML private Label modeHint;
    @FXML private Label problemLabel;
    @FXML private ResourceBundle resources;

    private FieldMessages messages;
    private final ValidationSupport validation = new ValidationSupport();

    public LimitsController(ServersModel servers, LimitEditor editor, StatusModel status) {
        this.servers = servers;
        this.editor = editor;
        this.status = status;
    }

    @FXML
    private void initialize() {
        messages = new FieldMessages(resources);
        table.setItems(editor.entries());
        table.setEditable(true);
        table.setPlaceholder(new Label(resources.getString("limits.empty")));

        Columns.show(portColumn, r -> Integer.toString(r.port()));
        Columns.show(protocolColumn, r -> r.protocol().id());
        Columns.show(modeColumn, LimitEntry::mode);
        modeColumn.setCellFactory(ComboBoxTableCell.forTableColumn(modeNames(), LimitMode.values()));
        modeColumn.setOnEditCommit(e -> save(copy(e.getRowValue(), e.getNewValue(), null, null, null)));

        numberColumn(maxColumn, LimitEntry::max, Field.MAX, 1, Validator.MAX_LIMIT, Validator::max,
                (entry, v) -> entry.withMax(v));
        numberColumn(v4Column, LimitEntry::v4Mask, Field.V4_MASK, 0, 32, Validator::v4Mask,
                (entry, v) -> copy(entry, null, v, null, null));
        numberColumn(v6Column, LimitEntry::v6Prefix, Field.V6_PREFIX, 0, 128, Validator::v6Prefix,
                (entry, v) -> copy(entry, null, null, v, null));
        onlyPerAddress(v4Column, LimitEntry::v4Mask);
        onlyPerAddress(v6Column, LimitEntry::v6Prefix);
        Columns.show(labelColumn, r -> TerminalText.escape(r.label()));
        labelColumn.setCellFactory(col -> new ValidatingTextCell<>(
                text -> messages.problem(() -> Validator.label(text)),
                (entry, text) -> save(entry.withLabel(text)), this::showProblem));
        Columns.show(observeColumn, LimitEntry::observe);
        observeColumn.setCellFactory(col -> new FlagCell((entry, on) -> entry.withObserve(on)));
        Columns.show(enabledColumn, LimitEntry::enabled);
        enabledColumn.setCellFactory(col -> new FlagCell((entry, on) -> entry.withEnabled(on)));

        newProtocol.getItems().setAll(Protocol.values());
        newProtocol.setValue(LimitEntry.DEFAULT_PROTOCOL);
        newProtocol.setConverter(new StringConverter<>() {
            @Override public String toString(Protocol p) {
                return p == null ? "" : p.id();
            }

            @Override public Protocol fromString(String s) {
                return Protocol.fromId(s);
            }
        });
        newMode.getItems().setAll(LimitMode.values());
        newMode.setValue(LimitEntry.DEFAULT_MODE);
        newMode.setConverter(modeNames());
        newMode.setCellFactory(list -> new ListCell<>() {
            @Override protected void updateItem(LimitMode m, boolean empty) {
                super.updateItem(m, empty);
                setText(empty || m == null ? null : modeName(m) + " — " + modeExplanation(m));
            }
        });
        registerAddChecks();

        table.getSelectionModel().selectedItemProperty().addListener((obs, o, entry) -> showModeHint(
                entry == null ? newMode.getValue() : entry.mode()));
        newMode.valueProperty().addListener((obs, o, m) -> showModeHint(m));
        showModeHint(newMode.getValue());
        removeButton.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        problemLabel.setText("");

        // Not the root: the tab that holds this pane drives the root's disable state itself.
        table.disableProperty().bind(servers.selectedProperty().isNull());
        addBar.disableProperty().bind(servers.selectedProperty().isNull());
        servers.selectedProperty().addListener(new javafx.beans.value.WeakChangeListener<>(selectionListener));
        showServer(servers.selected().orElse(null));
    }

    private void showServer(ServerRow row) {
        String name = row == null ? null : row.name();
        serverLabel.setText(name == null ? resources.getString("limits.noServer")
                : MessageFormat.format(resources.getString("limits.of"), name));
        if (name == null || !name.equals(editor.server())) {
            editor.show(name);
        }
    }

    private void numberColumn(TableColumn<LimitEntry, String> column, java.util.function.ToIntFunction<LimitEntry> get,
                              Field field, int min, int max, IntConsumer rule,
                              BiFunction<LimitEntry, Integer, LimitEntry> with) {
        Columns.show(column, r -> Integer.toString(get.applyAsInt(r)));
        column.setCellFactory(col -> new ValidatingTextCell<>(
                text -> messages.problem(() -> rule.accept(FieldMessages.parseInt(field, text, min, max))),
                (entry, text) -> save(with.apply(entry, Integer.parseInt(text))), this::showProblem));
    }

    /**
     * Only connections-per-ip uses the IPv4 mask and IPv6 prefix: for every other mode the cell is
     * empty and cannot be edited, so nobody tunes a value the rules ignore.
     */
    private static void onlyPerAddress(TableColumn<LimitEntry, String> column, java.util.function.ToIntFunction<LimitEntry> get) {
        Columns.show(column, r -> r.mode() == LimitMode.CONNECTIONS_PER_IP ? Integer.toString(get.applyAsInt(r)) : "");
        var cells = column.getCellFactory();
        column.setCellFactory(col -> {
            TableCell<LimitEntry, String> cell = cells.call(col);
            cell.editableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                    () -> cell.getTableRow() != null && cell.getTableRow().getItem() != null
                            && cell.getTableRow().getItem().mode() == LimitMode.CONNECTIONS_PER_IP,
                    cell.tableRowProperty(), cell.indexProperty(), cell.itemProperty()));
            return cell;
        });
    }

    private void registerAddChecks() {
        check(newPort, text -> messages.problem(() -> {
            int port = FieldMessages.parseInt(Field.PORT, text, 1, 65_535);
            Validator.limitPort(port);
            Protocol protocol = newProtocol.getValue() == null ? LimitEntry.DEFAULT_PROTOCOL : newProtocol.getValue();
            Validator.noClash(editor.entries(), LimitEntry.of(port, LimitMode.CONNECTIONS, 1).withProtocol(protocol));
        }));
        check(newMax, text -> messages.problem(() ->
                Validator.max(FieldMessages.parseInt(Field.MAX, text, 1, Validator.MAX_LIMIT))));
        check(newLabel, text -> messages.problem(() -> Validator.label(text)));
        // A clash depends on the protocol and on the entries shown: re-check when they change.
        newProtocol.valueProperty().addListener((obs, o, n) -> validation.revalidate(newPort));
        editor.entries().addListener(new javafx.collections.WeakListChangeListener<>(entriesListener));
        addLimitButton.disableProperty().bind(validation.invalidProperty());
        // Enter in any field of the row adds, as the button does (and, like it, not while a value is refused).
        for (TextField field : List.of(newPort, newMax, newLabel)) {
            field.setOnAction(e -> {
                if (!addLimitButton.isDisabled()) {
                    add();
                }
            });
        }
    }

    private void check(Control control, java.util.function.Function<String, Optional<String>> problem) {
        validation.registerValidator(control, false, (Control c, String text) -> {
            String p = problem.apply(text == null ? "" : text).orElse(null);
            return ValidationResult.fromErrorIf(c, p, p != null);
        });
    }

    @FXML
    private void add() {
        try {
            LimitEntry entry = new LimitEntry(
                    FieldMessages.parseInt(Field.PORT, newPort.getText(), 1, 65_535), newProtocol.getValue(),
                    newMode.getValue(), FieldMessages.parseInt(Field.MAX, newMax.getText(), 1, Validator.MAX_LIMIT),
                    LimitEntry.DEFAULT_V4_MASK, LimitEntry.DEFAULT_V6_PREFIX, newLabel.getText().trim(),
                    false, true, LimitEntry.DEFAULT_IDLE_SECONDS);
            Validator.noClash(editor.entries(), entry);
            editor.save(entry, () -> {
                newPort.clear();
                newLabel.clear();
                showProblem("");
                // the port as text: a number argument would be shown as "5,901"
                status.info(MessageFormat.format(resources.getString("status.limitSaved"),
                        Integer.toString(entry.port()), editor.server()));
            }, this::showFailure);
        } catch (dev.portcullis.model.ValidationException e) {
            showProblem(messages.describe(e));
        }
    }

    @FXML
    private void remove() {
        LimitEntry entry = table.getSelectionModel().getSelectedItem();
        if (entry != null) {
            editor.remove(entry, this::showFailure);
        }
    }

    private void save(LimitEntry changed) {
        editor.save(changed, () -> showProblem(""), this::showFailure);
    }

    private void showFailure(dev.portcullis.model.ValidationException e) {
        showProblem(messages.describe(e));
        // What the table shows must be what is stored: reload after a refusal.
        editor.show(editor.server());
    }

    private void showProblem(String text) {
        problemLabel.setText(text);
    }

    private void showModeHint(LimitMode mode) {
        modeHint.setText(mode == null ? "" : modeName(mode) + ": " + modeExplanation(mode));
    }

    private String modeName(LimitMode m) {
        return resources.getString("mode." + m.id());
    }

    private String modeExplanation(LimitMode m) {
        return resources.getString("mode." + m.id() + ".hint");
    }

    private StringConverter<LimitMode> modeNames() {
        return new StringConverter<>() {
            @Override public String toString(LimitMode m) {
                return m == null ? "" : modeName(m);
            }

            @Override public LimitMode fromString(String s) {
                for (LimitMode m : LimitMode.values()) {
                    if (modeName(m).equals(s)) {
                        return m;
                    }
                }
                return null;
            }
        };
    }

    /** The model has no wither for these; build the record again (its constructor re-validates). */
    private static LimitEntry copy(LimitEntry e, LimitMode mode, Integer v4, Integer v6, Integer idle) {
        return new LimitEntry(e.port(), e.protocol(), mode == null ? e.mode() : mode, e.max(),
                v4 == null ? e.v4Mask() : v4, v6 == null ? e.v6Prefix() : v6, e.label(), e.observe(), e.enabled(),
                idle == null ? e.idleSeconds() : idle);
    }

    /** A check box that stores the flag as soon as it is clicked. */
    private final class FlagCell extends TableCell<LimitEntry, Boolean> {
        private final CheckBox box = new CheckBox();

        FlagCell(BiFunction<LimitEntry, Boolean, LimitEntry> with) {
            box.setOnAction(e -> {
                LimitEntry entry = getTableRow() == null ? null : getTableRow().getItem();
                if (entry != null) {
                    save(with.apply(entry, box.isSelected()));
                }
            });
        }

        @Override
        protected void updateItem(Boolean item, boolean empty) {
            super.updateItem(item, empty);
            setText(null);
            if (empty || item == null) {
                setGraphic(null);
            } else {
                box.setSelected(item);
                setGraphic(box);
            }
        }
    }
}
