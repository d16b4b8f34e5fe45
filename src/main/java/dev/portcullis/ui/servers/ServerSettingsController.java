package dev.portcullis.ui.servers;

import dev.portcullis.model.Network;
import dev.portcullis.model.TerminalText;
import dev.portcullis.model.ValidationException;
import dev.portcullis.model.Validator;
import dev.portcullis.ui.main.StatusModel;
import dev.portcullis.ui.validation.FieldMessages;
import java.text.MessageFormat;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.layout.Pane;
import org.controlsfx.validation.ValidationResult;
import org.controlsfx.validation.ValidationSupport;

/**
 * The selected server's settings for account entries: where the proxy's access log is (empty: found
 * from the proxy's config) and the networks account entries never count nor refuse. Each value is
 * checked as it is typed by the model's rules; a refused one is explained under the fields and
 * never stored.
 */
public final class ServerSettingsController {

    private final ServersModel servers;
    private final ServerSettingsEditor editor;
    private final StatusModel status;
    /** Held here and added weakly: a reloaded view (language switch) lets its old controller go. */
    private final javafx.beans.value.ChangeListener<ServerRow> selectionListener = (obs, o, row) -> showServer(row);
    private final javafx.beans.value.ChangeListener<String> storedLogListener = (obs, o, path) -> this.accessLogField.setText(path);
    private final ValidationSupport logValidation = new ValidationSupport();
    private final ValidationSupport networkValidation = new ValidationSupport();

    @FXML private Pane content;
    @FXML private Label settingsServerLabel;
    @FXML private TextField accessLogField;
    @FXML private Button saveAccessLogButton;
    @FXML private Label accessLogHint;
    @FXML private Label allowedHint;
    @FXML private ListView<Network> allowedList;
    @FXML private TextField newNetwork;
    @FXML private Button allowButton;
    @FXML private Button disallowButton;
    @FXML private Label settingsProblem;
    @FXML private ResourceBundle resources;

    private FieldMessages messages;

    public ServerSettingsController(ServersModel servers, ServerSettingsEditor editor, StatusModel status) {
        this.servers = servers;
        this.editor = editor;
        this.status = status;
    }

    @FXML
    private void initialize() {
        messages = new FieldMessages(resources);
        accessLogHint.setText(MessageFormat.format(resources.getString("settings.accessLog.hint"), ""));
        allowedHint.setText(MessageFormat.format(resources.getString("settings.allowed.hint"), ""));
        settingsProblem.setText("");

        accessLogField.setText(editor.accessLog().get());
        editor.accessLog().addListener(new javafx.beans.value.WeakChangeListener<>(storedLogListener));
        check(logValidation, accessLogField, text -> text.isBlank() ? Optional.empty()
                : messages.problem(() -> Validator.accessLog(text.strip())));
        saveAccessLogButton.disableProperty().bind(logValidation.invalidProperty().or(Bindings.createBooleanBinding(
                () -> accessLogField.getText().strip().equals(editor.accessLog().get()),
                accessLogField.textProperty(), editor.accessLog())));
        accessLogField.setOnAction(e -> {
            if (!saveAccessLogButton.isDisabled()) {
                saveAccessLog();
            }
        });

        allowedList.setItems(editor.allowed());
        allowedList.setPlaceholder(new Label(resources.getString("settings.allowed.empty")));
        allowedList.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(Network n, boolean empty) {
                super.updateItem(n, empty);
                setText(empty || n == null ? null : n.toString());
            }
        });
        check(networkValidation, newNetwork, text -> text.isBlank() ? Optional.empty()
                : messages.problem(() -> Network.parse(text)));
        allowButton.disableProperty().bind(networkValidation.invalidProperty().or(newNetwork.textProperty().isEmpty()));
        newNetwork.setOnAction(e -> allow());
        disallowButton.disableProperty().bind(allowedList.getSelectionModel().selectedItemProperty().isNull());

        content.disableProperty().bind(servers.selectedProperty().isNull());
        servers.selectedProperty().addListener(new javafx.beans.value.WeakChangeListener<>(selectionListener));
        showServer(servers.selected().orElse(null));
    }

    private void check(ValidationSupport validation, Control control, Function<String, Optional<String>> problem) {
        validation.registerValidator(control, false, (Control c, String text) -> {
            String p = problem.apply(text == null ? "" : text).orElse(null);
            showProblem(p == null ? "" : p);
            return ValidationResult.fromErrorIf(c, p, p != null);
        });
    }

    private void showServer(ServerRow row) {
        String name = row == null ? null : row.name();
        settingsServerLabel.setText(name == null ? resources.getString("settings.noServer")
                : MessageFormat.format(resources.getString("settings.of"), name));
        if (name == null || !name.equals(editor.server())) {
            newNetwork.clear();
            editor.show(name);
        }
    }

    @FXML
    private void saveAccessLog() {
        String path = accessLogField.getText().strip();
        String server = editor.server();
        editor.setAccessLog(path, () -> {
            showProblem("");
            status.info(MessageFormat.format(resources.getString("settings.accessLogSaved"), server));
        }, this::refused);
    }

    @FXML
    private void allow() {
        Network network;
        try {
            network = Network.parse(newNetwork.getText());
        } catch (ValidationException e) {
            refused(e);
            return;
        }
        String server = editor.server();
        editor.allow(network, added -> {
            newNetwork.clear();
            showProblem("");
            status.info(MessageFormat.format(resources.getString(added ? "settings.allowedSaved" : "settings.alreadyAllowed"),
                    network.toString(), server));
        }, this::refused);
    }

    @FXML
    private void disallow() {
        Network network = allowedList.getSelectionModel().getSelectedItem();
        if (network == null) {
            return;
        }
        String server = editor.server();
        editor.disallow(network, removed -> status.info(MessageFormat.format(resources.getString("settings.disallowed"),
                network.toString(), server)), this::refused);
    }

    private void refused(ValidationException e) {
        showProblem(messages.describe(e));
    }

    private void showProblem(String text) {
        settingsProblem.setText(TerminalText.escape(text));
    }
}
