package dev.portcullis.ui.main;

import dev.portcullis.ui.AppInfo;
import java.text.MessageFormat;
import java.util.ResourceBundle;
import javafx.fxml.FXML;
import javafx.scene.control.Label;

/** The About box: version, data directory, runtime. */
public final class AboutController {

    private final AppInfo info;

    @FXML private Label versionLabel;
    @FXML private Label dataDirLabel;
    @FXML private Label runtimeLabel;
    @FXML private ResourceBundle resources;

    public AboutController(AppInfo info) {
        this.info = info;
    }

    @FXML
    private void initialize() {
        versionLabel.setText(MessageFormat.format(resources.getString("about.version"), info.version()));
        dataDirLabel.setText(MessageFormat.format(resources.getString("about.dataDir"), info.dataDir()));
        runtimeLabel.setText("Java " + System.getProperty("java.version") + " · JavaFX "
                + System.getProperty("javafx.runtime.version", "?"));
    }
}
