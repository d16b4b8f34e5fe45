package dev.portcullis.ui.fx;

import java.util.ResourceBundle;
import java.util.function.Supplier;
import javafx.geometry.NodeOrientation;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar.ButtonData;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.DialogPane;
import javafx.stage.Window;

/**
 * Dialogs owned by the main window, in its language and reading direction. JavaFX's own
 * ButtonType.OK/CANCEL take their text from the JVM's default locale, not the window's choice,
 * so the buttons here are made from the bundle.
 */
public final class Dialogs {

    private final Supplier<Window> owner;
    private final Supplier<ResourceBundle> bundle;
    private final Supplier<NodeOrientation> orientation;
    private final Supplier<String> fontStyle;

    /** @param fontStyle the inline style with the language's font, as on the main window's root */
    public Dialogs(Supplier<Window> owner, Supplier<ResourceBundle> bundle, Supplier<NodeOrientation> orientation,
                   Supplier<String> fontStyle) {
        this.owner = owner;
        this.bundle = bundle;
        this.orientation = orientation;
        this.fontStyle = fontStyle;
    }

    /** The language's reading direction and font. */
    private void localize(DialogPane pane) {
        pane.setNodeOrientation(orientation.get());
        pane.setStyle(fontStyle.get());
    }

    public ButtonType button(String key, ButtonData data) {
        return new ButtonType(bundle.get().getString(key), data);
    }

    public <R> Dialog<R> prepare(Dialog<R> dialog, String titleKey, Node content) {
        dialog.initOwner(owner.get());
        dialog.setTitle(bundle.get().getString(titleKey));
        dialog.getDialogPane().setContent(content);
        localize(dialog.getDialogPane());
        dialog.setResizable(true);
        return dialog;
    }

    /** Asks a yes/no question; true when the user chose the confirming button. */
    public boolean confirm(String titleKey, String text, String confirmKey) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, text);
        ButtonType yes = button(confirmKey, ButtonData.OK_DONE);
        ButtonType no = button("action.cancel", ButtonData.CANCEL_CLOSE);
        alert.getButtonTypes().setAll(yes, no);
        alert.setHeaderText(null);
        alert.initOwner(owner.get());
        alert.setTitle(bundle.get().getString(titleKey));
        localize(alert.getDialogPane());
        return alert.showAndWait().filter(yes::equals).isPresent();
    }

    /** Gives an alert built elsewhere the window's owner, title and reading direction. */
    public void adopt(Dialog<?> dialog, String titleKey) {
        dialog.initOwner(owner.get());
        dialog.setTitle(bundle.get().getString(titleKey));
        localize(dialog.getDialogPane());
    }

    public String text(String key) {
        return bundle.get().getString(key);
    }

    public String format(String key, Object... args) {
        return java.text.MessageFormat.format(bundle.get().getString(key), args);
    }
}
