package dev.portcullis.ui.unlock;

import dev.portcullis.AppContext;
import dev.portcullis.store.MasterPasswordCheck;
import dev.portcullis.store.MasterPasswordException;
import dev.portcullis.store.VaultTamperedException;
import dev.portcullis.store.WeakMasterPasswordException;
import dev.portcullis.ui.main.StatusModel;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.HBox;

/**
 * First run: choose the master password (twice, with a strength hint). Later: enter it; a wrong
 * one says so and the user tries again. Opening the database and deriving the key (slow on
 * purpose) happen on a background thread while the view shows it is busy.
 */
public final class UnlockController implements StoreUnlocker.Listener {

    private final StoreUnlocker unlocker;
    private final Consumer<AppContext> onUnlocked;

    @FXML private Label titleLabel;
    @FXML private Label introLabel;
    @FXML private PasswordField passwordField;
    @FXML private PasswordField confirmField;
    @FXML private HBox strengthBox;
    @FXML private ProgressBar strengthBar;
    @FXML private Label strengthLabel;
    @FXML private Label errorLabel;
    @FXML private ProgressIndicator busy;
    @FXML private Button retryButton;
    @FXML private Button unlockButton;
    @FXML private ResourceBundle resources;

    private boolean creating;
    /** The store's estimator, loaded in the background (its dictionaries take a moment) when a new password is chosen. */
    private CompletableFuture<MasterPasswordCheck> check;

    public UnlockController(StoreUnlocker unlocker, Consumer<AppContext> onUnlocked) {
        this.unlocker = unlocker;
        this.onUnlocked = onUnlocked;
    }

    @FXML
    private void initialize() {
        for (Node n : new Node[] {confirmField, strengthBox, errorLabel, retryButton}) {
            n.managedProperty().bind(n.visibleProperty());
        }
        passwordField.textProperty().addListener((obs, o, text) -> showStrength(text));
        introLabel.setText(MessageFormat.format(resources.getString("unlock.opening"), unlocker.dataDir()));
        setBusy(true);
        confirmField.setVisible(false);
        strengthBox.setVisible(false);
        errorLabel.setVisible(false);
        retryButton.setVisible(false);
    }

    /**
     * Starts opening the data directory (the window calls this once it is on screen, just before
     * it loads this view: every answer arrives later on the FX thread, when the view is there).
     */
    public void begin() {
        unlocker.attempt(this);
    }

    @Override
    public void askPassword(boolean creatingNew) {
        this.creating = creatingNew;
        if (creatingNew && check == null) {
            check = CompletableFuture.supplyAsync(() -> {
                MasterPasswordCheck loaded = new MasterPasswordCheck();
                loaded.check("warm up", Locale.ROOT);
                return loaded;
            });
            check.thenRun(() -> Platform.runLater(() -> showStrength(passwordField.getText())));
        }
        titleLabel.setText(resources.getString(creatingNew ? "unlock.create.title" : "unlock.title"));
        introLabel.setText(resources.getString(creatingNew ? "unlock.create.intro" : "unlock.intro"));
        unlockButton.setText(resources.getString(creatingNew ? "unlock.create.button" : "unlock.button"));
        confirmField.setVisible(creatingNew);
        strengthBox.setVisible(creatingNew);
        setBusy(false);
        if (passwordField.getScene() != null) {
            passwordField.requestFocus();
        } else {
            // Asked before the window is shown (the view is prepared early): focus once it is.
            passwordField.sceneProperty().addListener((obs, o, scene) -> passwordField.requestFocus());
        }
    }

    @Override
    public void refused(MasterPasswordException error) {
        if (error.kind() == MasterPasswordException.Kind.WRONG) {
            passwordField.clear();
            confirmField.clear();
            showError(resources.getString(key(error.kind())));
            unlocker.attempt(this); // the store asks again; the error stays visible until then
            return;
        }
        String feedback = error instanceof WeakMasterPasswordException weak ? weak.result().feedback() : "";
        stop(MessageFormat.format(resources.getString(key(error.kind())),
                error.kind() == MasterPasswordException.Kind.TOO_SHORT ? MasterPasswordCheck.MIN_LENGTH : feedback).strip());
    }

    @Override
    public void tampered(VaultTamperedException error) {
        stop(MessageFormat.format(resources.getString("unlock.tampered"), Integer.toString(error.iterations())));
    }

    @Override
    public void failed(Throwable error) {
        stop(StatusModel.describe(error));
    }

    /** The bundle key that words a refused master password. */
    public static String key(MasterPasswordException.Kind kind) {
        return switch (kind) {
            case NOT_GIVEN -> "unlock.notGiven";
            case WRONG -> "unlock.wrong";
            case TOO_SHORT -> "unlock.tooShort";
            case WEAK -> "unlock.weak";
            case MISMATCH -> "unlock.mismatch";
        };
    }

    /** Shows why unlocking failed and offers to try again from the start. */
    private void stop(String text) {
        setBusy(false);
        passwordField.clear();
        confirmField.clear();
        showError(text);
        retryButton.setVisible(true);
        passwordField.setDisable(true);
        confirmField.setDisable(true);
        unlockButton.setDisable(true);
    }

    @Override
    public void unlocked(AppContext context) {
        onUnlocked.accept(context);
    }

    @FXML
    private void submit() {
        if (unlockButton.isDisabled()) {
            return;
        }
        String password = passwordField.getText();
        if (creating) {
            MasterPasswordCheck.Result strength = check.join().check(password, resources.getLocale());
            if (strength.tooShort()) {
                showError(MessageFormat.format(resources.getString("unlock.tooShort"), MasterPasswordCheck.MIN_LENGTH));
                return;
            }
            if (!strength.acceptable()) {
                showError(MessageFormat.format(resources.getString("unlock.weak"), strength.feedback()).strip());
                return;
            }
            if (!password.equals(confirmField.getText())) {
                showError(resources.getString("unlock.mismatch"));
                return;
            }
        } else if (password.isEmpty()) {
            return;
        }
        errorLabel.setVisible(false);
        setBusy(true);
        unlocker.answer(password.toCharArray());
    }

    @FXML
    private void retry() {
        retryButton.setVisible(false);
        errorLabel.setVisible(false);
        setBusy(true);
        unlocker.attempt(this);
    }

    private void setBusy(boolean on) {
        busy.setVisible(on);
        passwordField.setDisable(on);
        confirmField.setDisable(on);
        unlockButton.setDisable(on);
    }

    private void showError(String text) {
        errorLabel.setText(text);
        errorLabel.setVisible(true);
    }

    private void showStrength(String text) {
        MasterPasswordCheck estimator = creating && check != null ? check.getNow(null) : null;
        if (estimator == null) {
            return;
        }
        MasterPasswordCheck.Result result = estimator.check(text, resources.getLocale());
        PasswordStrength s = PasswordStrength.of(result);
        strengthBar.setProgress(text.isEmpty() ? 0 : s.fraction());
        strengthBar.getStyleClass().removeIf(c -> c.startsWith("strength-"));
        strengthBar.getStyleClass().add(s.styleClass());
        String hint = s == PasswordStrength.STRONG || s == PasswordStrength.TOO_SHORT ? "" : result.feedback();
        strengthLabel.setText(text.isEmpty() ? "" : resources.getString(s.bundleKey()) + (hint.isEmpty() ? "" : ": " + hint));
    }
}
