package dev.portcullis.ui.settings;

import javafx.beans.property.BooleanProperty;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.WeakChangeListener;
import javafx.fxml.FXML;
import javafx.scene.control.CheckBox;

/**
 * The window's own alert setting: whether every server is checked for alerts while Portcullis
 * runs. The choice is the shell's ({@code enabled}); it outlives a reloaded view.
 */
public final class AlertSettingsController {

    private final BooleanProperty enabled;
    /** Held here and added weakly: a reloaded view (language switch) lets its old controller go. */
    private final ChangeListener<Boolean> shownListener = (obs, was, on) -> this.alertAllServers.setSelected(on);

    @FXML private CheckBox alertAllServers;

    public AlertSettingsController(BooleanProperty enabled) {
        this.enabled = enabled;
    }

    @FXML
    private void initialize() {
        alertAllServers.setSelected(enabled.get());
        enabled.addListener(new WeakChangeListener<>(shownListener));
        alertAllServers.selectedProperty().addListener((obs, was, on) -> enabled.set(on));
    }
}
