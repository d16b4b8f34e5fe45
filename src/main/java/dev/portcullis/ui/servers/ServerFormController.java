package dev.portcullis.ui.servers;

import dev.portcullis.model.AuthKind;
import dev.portcullis.model.Server;
import dev.portcullis.model.ValidationException.Field;
import dev.portcullis.model.ValidationException;
import dev.portcullis.model.Validator;
import dev.portcullis.store.ServerSecrets;
import dev.portcullis.ui.validation.FieldMessages;
import java.io.File;
import java.util.ResourceBundle;
import java.util.function.Function;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.stage.FileChooser;
import org.controlsfx.validation.ValidationResult;
import org.controlsfx.validation.ValidationSupport;

/**
 * The add/edit server form. Every field is checked as it is typed by the same
 * {@link Validator} the command line uses (through ControlsFX ValidationSupport, which marks the
 * field and shows the reason on hover); Save stays disabled while anything is wrong.
 */
public final class ServerFormController {

    private final ValidationSupport validation = new ValidationSupport();
    private final BooleanProperty editing = new SimpleBooleanProperty(false);

    @FXML private TextField nameField;
    @FXML private TextField hostField;
    @FXML private TextField portField;
    @FXML private TextField userField;
    @FXML private RadioButton keyRadio;
    @FXML private RadioButton passwordRadio;
    @FXML private TextField keyField;
    @FXML private Button browseButton;
    @FXML private Label keyLabel;
    @FXML private Label passphraseLabel;
    @FXML private PasswordField passphraseField;
    @FXML private PasswordField passwordField;
    @FXML private CheckBox sudoCheck;
    @FXML private Label hintLabel;
    @FXML private Label errorLabel;
    @FXML private ResourceBundle resources;

    private FieldMessages messages;

    @FXML
    private void initialize() {
        messages = new FieldMessages(resources);
        for (javafx.scene.Node n : new javafx.scene.Node[] {keyField, browseButton, keyLabel, passphraseField, passphraseLabel}) {
            n.disableProperty().bind(keyRadio.selectedProperty().not());
        }
        register(nameField, text -> () -> Validator.serverName(text));
        register(hostField, text -> () -> Validator.host(text));
        register(portField, text -> () -> Validator.sshPort(FieldMessages.parseInt(Field.SSH_PORT, text, 1, 65_535)));
        register(userField, text -> () -> Validator.user(text));
        register(keyField, text -> () -> {
            if (keyRadio.isSelected()) {
                Validator.keyPath(text);
            }
        });
        register(passwordField, text -> () -> {
            // A new password-auth server needs a password; on edit, an empty field keeps the stored one.
            if (!editing.get()) {
                Validator.credentials(currentAuth(), !text.isEmpty(), false);
            }
        });
        // The key and password rules depend on the chosen auth: re-check them when it changes.
        keyRadio.selectedProperty().addListener((obs, o, n) -> validation.revalidate());
        passwordField.promptTextProperty().bind(javafx.beans.binding.Bindings.when(editing)
                .then(resources.getString("form.password.keep")).otherwise(""));
        hintLabel.setText(resources.getString("form.hint"));
        errorLabel.setVisible(false);
        errorLabel.managedProperty().bind(errorLabel.visibleProperty());
    }

    private void register(Control field, Function<String, Runnable> check) {
        validation.registerValidator(field, false, (Control c, String text) -> {
            String value = text == null ? "" : text;
            String problem = messages.problem(check.apply(value)).orElse(null);
            return ValidationResult.fromErrorIf(c, problem, problem != null);
        });
    }

    /** Fills the form from a stored server (edit) or leaves defaults (add). */
    public void fill(Server server) {
        if (server == null) {
            return;
        }
        editing.set(true);
        nameField.setText(server.name());
        hostField.setText(server.host());
        portField.setText(Integer.toString(server.port()));
        userField.setText(server.user());
        keyRadio.setSelected(server.auth() == AuthKind.KEY_FILE);
        passwordRadio.setSelected(server.auth() == AuthKind.PASSWORD);
        keyField.setText(server.keyPath() == null ? "" : server.keyPath());
        sudoCheck.setSelected(server.sudo());
        validation.revalidate();
    }

    public javafx.beans.property.ReadOnlyBooleanProperty invalidProperty() {
        return validation.invalidProperty();
    }

    /**
     * The server and secrets the form describes.
     *
     * @throws ValidationException when a value is not allowed (the form shows it as well)
     */
    public Draft draft() {
        Server server = new Server(Server.NEW, nameField.getText().trim(), hostField.getText().trim(),
                FieldMessages.parseInt(Field.SSH_PORT, portField.getText(), 1, 65_535), userField.getText().trim(),
                currentAuth(), keyRadio.isSelected() ? keyField.getText().trim() : null, sudoCheck.isSelected());
        char[] password = passwordField.getText().isEmpty() ? null : passwordField.getText().toCharArray();
        char[] passphrase = keyRadio.isSelected() && !passphraseField.getText().isEmpty()
                ? passphraseField.getText().toCharArray() : null;
        return new Draft(server, new ServerSecrets(password, passphrase));
    }

    public void showError(String text) {
        errorLabel.setText(text);
        errorLabel.setVisible(true);
    }

    public void showError(ValidationException e) {
        showError(messages.describe(e));
    }

    /** Any other failure to store the server, as its one line. */
    public void showFailure(Throwable e) {
        showError(dev.portcullis.ui.main.StatusModel.describe(e));
    }

    @FXML
    private void browseKey() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(resources.getString("form.keyFile.choose"));
        File sshDir = new File(System.getProperty("user.home"), ".ssh");
        if (sshDir.isDirectory()) {
            chooser.setInitialDirectory(sshDir);
        }
        File file = chooser.showOpenDialog(keyField.getScene().getWindow());
        if (file != null) {
            keyField.setText(file.getAbsolutePath());
        }
    }

    private AuthKind currentAuth() {
        return keyRadio.isSelected() ? AuthKind.KEY_FILE : AuthKind.PASSWORD;
    }

    /** A validated server and the secrets typed with it (wipe them once stored). */
    public record Draft(Server server, ServerSecrets secrets) {
    }
}
