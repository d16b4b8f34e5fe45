package dev.portcullis.ui.sync;

import dev.portcullis.model.Server;
import dev.portcullis.model.TerminalText;
import dev.portcullis.remote.HostKey;
import dev.portcullis.ui.fx.Dialogs;
import java.util.List;
import java.util.stream.Collectors;
import javafx.geometry.Insets;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar.ButtonData;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Asks the user to trust a server's host keys on first contact, showing every fingerprint; what
 * is shown is what gets recorded. Any key other than the recorded ones (a key of a type never
 * recorded included) is a changed key: a red warning naming the recorded types, whose safe choice
 * (keep the server blocked) is the default; the new keys are recorded only on an explicit
 * "Trust the new key".
 */
public final class HostKeyDialog implements FleetActions.HostKeyPrompt {

    private final Dialogs dialogs;

    public HostKeyDialog(Dialogs dialogs) {
        this.dialogs = dialogs;
    }

    @Override
    public boolean confirm(Server server, List<HostKey> keys, boolean changed, List<HostKey> recorded, String detail) {
        Alert alert = new Alert(changed ? Alert.AlertType.ERROR : Alert.AlertType.CONFIRMATION);
        dialogs.adopt(alert, changed ? "hostkey.changed.title" : "hostkey.new.title");
        alert.setHeaderText(dialogs.format(changed ? "hostkey.changed.header" : "hostkey.new.header",
                server.name(), server.host() + ":" + server.port()));
        StringBuilder prints = new StringBuilder();
        for (HostKey k : keys) {
            prints.append(k.type()).append("  ").append(k.fingerprint()).append('\n');
        }
        TextArea fingerprints = new TextArea(prints.toString().strip());
        fingerprints.setEditable(false);
        fingerprints.setPrefRowCount(Math.min(keys.size(), 4));
        fingerprints.getStyleClass().add("fingerprints");
        Label explain = new Label(dialogs.text(changed ? "hostkey.changed.text" : "hostkey.new.text"));
        explain.setWrapText(true);
        VBox box = new VBox(8, explain, fingerprints);
        if (changed) {
            if (!recorded.isEmpty()) {
                Label was = new Label(dialogs.format("hostkey.changed.recorded", recorded.stream().map(HostKey::type)
                        .distinct().collect(Collectors.joining(", "))));
                was.setWrapText(true);
                was.getStyleClass().add("hostkey-recorded");
                box.getChildren().add(0, was);
            }
            Label why = new Label(TerminalText.escape(detail, true));
            why.setWrapText(true);
            why.getStyleClass().add("hostkey-danger");
            why.setGraphic(new FontIcon("fth-alert-octagon"));
            box.getChildren().add(0, why);
            box.setStyle("-fx-border-color: -color-danger-emphasis; -fx-border-width: 2; -fx-padding: 10;");
        }
        box.setPadding(new Insets(4));
        alert.getDialogPane().setContent(box);
        ButtonType trust = dialogs.button(changed ? "hostkey.trustNew" : "hostkey.trust",
                changed ? ButtonData.OTHER : ButtonData.OK_DONE);
        ButtonType keep = dialogs.button(changed ? "hostkey.keepBlocked" : "action.cancel", ButtonData.CANCEL_CLOSE);
        alert.getButtonTypes().setAll(keep, trust);
        // The safe answer is the default for a changed key: Enter must not trust it.
        ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(trust)).setDefaultButton(!changed);
        ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(keep)).setDefaultButton(changed);
        return alert.showAndWait().filter(trust::equals).isPresent();
    }
}
