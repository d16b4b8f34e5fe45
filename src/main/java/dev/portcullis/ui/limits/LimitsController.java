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
import dev.portcullis.model.ValidationException;
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
    private final javafx.collections.ListChangeListener<LimitEntry> entriesListener = c -> {
        this.validation.revalidate(this.newPort);
        showUsedColumns();
    };

    @FXML private Pane root;
    @FXML private Pane addBar;
    @FXML private Label serverLabel;
    @FXML private TableView<LimitEntry> table;
    @FXML private TableColumn<LimitEntry, String> portColumn;
    @FXML private TableColumn<LimitEntry, String> accountColumn;
    @FXML private TableColumn<LimitEntry, String> protocolColumn;
    @FXML private TableColumn<LimitEntry, LimitMode> modeColumn;
    @FXML private TableColumn<LimitEntry, String> maxColumn;
    @FXML private TableColumn<LimitEntry, String> v4Column;
    @FXML private TableColumn<LimitEntry, String> v6Column;
    @FXML private TableColumn<LimitEntry, String> labelColumn;
    @FXML private TableColumn<LimitEntry, Boolean> observeColumn;
    @FXML private TableColumn<LimitEntry, Boolean> enabledColumn;
    @FXML private TextField newPort;
    @FXML private TextField newAccount;
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
    /** The reason each add-row field last showed under the table, so that fixing it clears only its own. */
    private final java.util.Map<Control, String> addRowProblems = new java.util.HashMap<>();

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
        Columns.show(accountColumn, r -> TerminalText.escape(r.account()));
        Columns.show(protocolColumn, r -> r.protocol().id());
        Columns.show(modeColumn, LimitEntry::mode);
        modeColumn.setCellFactory(ComboBoxTableCell.forTableColumn(modeNames(), LimitMode.values()));
        // An account entry is always devices: its mode is not offered for change.
        editableWhen(modeColumn, entry -> !entry.isAccount());
        modeColumn.setOnEditCommit(e -> save(withMode(e.getRowValue(), e.getNewValue())));

        numberColumn(maxColumn, LimitEntry::max, Field.MAX, 1, Validator.MAX_LIMIT, Validator::max,
                (entry, v) -> entry.withMax(v));
        numberColumn(v4Column, LimitEntry::v4Mask, Field.V4_MASK, 0, 32, Validator::v4Mask,
                (entry, v) -> entry.withMasks(v, entry.v6Prefix()));
        numberColumn(v6Column, LimitEntry::v6Prefix, Field.V6_PREFIX, 0, 128, Validator::v6Prefix,
                (entry, v) -> entry.withMasks(entry.v4Mask(), v));
        onlyWhere(v4Column, LimitEntry::v4Mask, entry -> entry.mode() == LimitMode.CONNECTIONS_PER_IP);
        // An account entry groups IPv6 clients by its prefix (IPv4 always per address).
        onlyWhere(v6Column, LimitEntry::v6Prefix,
                entry -> entry.mode() == LimitMode.CONNECTIONS_PER_IP || entry.isAccount());
        table.setRowFactory(t -> new AccountRow());
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
        showUsedColumns();

        // An account typed in the add row makes it an account entry: mode devices, not to be changed.
        newMode.disableProperty().bind(newAccount.textProperty().isNotEmpty());
        newAccount.textProperty().addListener((obs, o, text) -> {
            if (!text.isEmpty()) {
                newMode.setValue(LimitMode.DEVICES);
            }
            validation.revalidate(newPort);
            showHint();
        });
        table.getSelectionModel().selectedItemProperty().addListener((obs, o, entry) -> showHint());
        newMode.valueProperty().addListener((obs, o, m) -> showHint());
        showHint();
        removeButton.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        problemLabel.setText("");

        // Not the root: the tab that holds this pane drives the root's disable state itself.
        table.disableProperty().bind(servers.selectedProperty().isNull());
        addBar.disableProperty().bind(servers.selectedProperty().isNull());
        servers.selectedProperty().addListener(new javafx.beans.value.WeakChangeListener<>(selectionListener));
        showServer(servers.selected().orElse(null));
    }

    /**
     * Columns take room only where some entry of the server uses them: the account column with account
     * entries, the IPv4 mask with connections-per-ip, the IPv6 prefix with either. The limits tab of
     * the default window then fits a shared port's entries whole.
     */
    private void showUsedColumns() {
        boolean accounts = editor.entries().stream().anyMatch(LimitEntry::isAccount);
        boolean perAddress = editor.entries().stream().anyMatch(e -> e.mode() == LimitMode.CONNECTIONS_PER_IP);
        accountColumn.setVisible(accounts);
        v4Column.setVisible(perAddress || editor.entries().isEmpty());
        v6Column.setVisible(perAddress || accounts || editor.entries().isEmpty());
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
     * The IPv4 mask and IPv6 prefix only mean something where {@code used} (connections-per-ip; the
     * IPv6 prefix of an account entry): elsewhere the cell is empty and cannot be edited, so nobody
     * tunes a value the rules ignore.
     */
    private static void onlyWhere(TableColumn<LimitEntry, String> column, java.util.function.ToIntFunction<LimitEntry> get,
                                  java.util.function.Predicate<LimitEntry> used) {
        Columns.show(column, r -> used.test(r) ? Integer.toString(get.applyAsInt(r)) : "");
        editableWhen(column, used);
    }

    /** Cells of the column can be edited only in rows whose entry passes {@code editable}. */
    private static <T> void editableWhen(TableColumn<LimitEntry, T> column, java.util.function.Predicate<LimitEntry> editable) {
        var cells = column.getCellFactory();
        column.setCellFactory(col -> {
            TableCell<LimitEntry, T> cell = cells.call(col);
            cell.editableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                    () -> cell.getTableRow() != null && cell.getTableRow().getItem() != null
                            && editable.test(cell.getTableRow().getItem()),
                    cell.tableRowProperty(), cell.indexProperty(), cell.itemProperty()));
            return cell;
        });
    }

    private void registerAddChecks() {
        check(newPort, this::portProblem);
        check(newAccount, text -> text.isEmpty() ? Optional.empty() : messages.problem(() -> Validator.account(text.trim())));
        check(newMax, text -> messages.problem(() ->
                Validator.max(FieldMessages.parseInt(Field.MAX, text, 1, Validator.MAX_LIMIT))));
        check(newLabel, text -> messages.problem(() -> Validator.label(text)));
        // A clash depends on the protocol and on the entries shown: re-check when they change.
        newProtocol.valueProperty().addListener((obs, o, n) -> validation.revalidate(newPort));
        editor.entries().addListener(new javafx.collections.WeakListChangeListener<>(entriesListener));
        addLimitButton.disableProperty().bind(validation.invalidProperty());
        // Enter in any field of the row adds, as the button does (and, like it, not while a value is refused).
        for (TextField field : List.of(newPort, newAccount, newMax, newLabel)) {
            field.setOnAction(e -> {
                if (!addLimitButton.isDisabled()) {
                    add();
                }
            });
        }
    }

    /**
     * Checks an add-row field as it is typed; the reason also shows under the table while the field
     * holds text (an empty field is only marked).
     */
    private void check(Control control, java.util.function.Function<String, Optional<String>> problem) {
        validation.registerValidator(control, false, (Control c, String text) -> {
            String value = text == null ? "" : text;
            String p = problem.apply(value).orElse(null);
            String shown = value.isEmpty() ? null : p;
            String before = addRowProblems.put(c, shown);
            if (shown != null) {
                showProblem(shown);
            } else if (before != null && before.equals(problemLabel.getText())) {
                showProblem("");
            }
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
                    false, true, LimitEntry.DEFAULT_IDLE_SECONDS, newAccount.getText().trim());
            try {
                Validator.noClash(editor.entries(), entry);
            } catch (ValidationException e) {
                showProblem(describe(e, entry));
                return;
            }
            editor.save(entry, () -> {
                newPort.clear();
                newAccount.clear();
                newLabel.clear();
                showProblem("");
                // the port as text: a number argument would be shown as "5,901"
                status.info(entry.isAccount()
                        ? MessageFormat.format(resources.getString("status.accountLimitSaved"),
                                TerminalText.escape(entry.account()), Integer.toString(entry.port()), editor.server())
                        : MessageFormat.format(resources.getString("status.limitSaved"),
                                Integer.toString(entry.port()), editor.server()));
            }, this::showFailure);
        } catch (ValidationException e) {
            showProblem(messages.describe(e));
        }
    }

    /** What is wrong with the add row's port: its range, the SSH port, or a clash with an entry shown. */
    private Optional<String> portProblem(String text) {
        LimitEntry probe;
        try {
            int port = FieldMessages.parseInt(Field.PORT, text, 1, 65_535);
            Validator.limitPort(port);
            Protocol protocol = newProtocol.getValue() == null ? LimitEntry.DEFAULT_PROTOCOL : newProtocol.getValue();
            String account = newAccount.getText().trim();
            probe = LimitEntry.of(port, LimitMode.DEVICES, 1).withProtocol(protocol);
            if (!account.isEmpty() && messages.problem(() -> Validator.account(account)).isEmpty()) {
                probe = probe.withAccount(account);
            }
        } catch (ValidationException e) {
            return Optional.of(messages.describe(e));
        }
        try {
            Validator.noClash(editor.entries(), probe);
            return Optional.empty();
        } catch (ValidationException e) {
            return Optional.of(describe(e, probe));
        }
    }

    /**
     * A refusal of {@code candidate} in the window's language; a clash of two entries of one account
     * is worded as such (the port itself may well be limited for other accounts).
     */
    private String describe(ValidationException e, LimitEntry candidate) {
        if (candidate.isAccount() && e.problem() == ValidationException.Problem.CLASH) {
            return MessageFormat.format(resources.getString("limits.accountClash"),
                    TerminalText.escape(candidate.account()), candidate.port() + "/" + candidate.protocol().id());
        }
        return messages.describe(e);
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

    private void showFailure(ValidationException e) {
        showProblem(messages.describe(e));
        // What the table shows must be what is stored: reload after a refusal.
        editor.show(editor.server());
    }

    private void showProblem(String text) {
        problemLabel.setText(text);
    }

    /**
     * Under the table: what the selected entry's mode (else the add row's) does; for an account entry,
     * also that an address refused for it is refused for every account on that port.
     */
    private void showHint() {
        LimitEntry selected = table.getSelectionModel().getSelectedItem();
        LimitMode mode = selected == null ? newMode.getValue() : selected.mode();
        boolean account = selected == null ? !newAccount.getText().isEmpty() : selected.isAccount();
        modeHint.setText(account ? resources.getString("limits.account.hint")
                : mode == null ? "" : modeName(mode) + ": " + modeExplanation(mode));
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

    /** The model has no wither for the mode; build the record again (its constructor re-validates). */
    private static LimitEntry withMode(LimitEntry e, LimitMode mode) {
        return new LimitEntry(e.port(), e.protocol(), mode, e.max(), e.v4Mask(), e.v6Prefix(), e.label(), e.observe(),
                e.enabled(), e.idleSeconds(), e.account());
    }

    /** An account entry's row carries the shared-address caveat as its tooltip. */
    private final class AccountRow extends javafx.scene.control.TableRow<LimitEntry> {
        @Override
        protected void updateItem(LimitEntry item, boolean empty) {
            super.updateItem(item, empty);
            getStyleClass().remove("account-entry");
            if (empty || item == null || !item.isAccount()) {
                setTooltip(null);
            } else {
                getStyleClass().add("account-entry");
                setTooltip(new javafx.scene.control.Tooltip(MessageFormat.format(
                        resources.getString("limits.account.tooltip"), TerminalText.escape(item.account()),
                        Integer.toString(item.port()), item.max()) + "\n" + resources.getString("limits.account.hint")));
            }
        }
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
