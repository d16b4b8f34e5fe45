package dev.portcullis.ui;

import dev.portcullis.AppLogging;
import dev.portcullis.Launch;
import dev.portcullis.store.DataDirectory;
import javafx.application.Application;
import javafx.stage.Stage;

/**
 * The desktop window. {@code java -jar portcullis.jar [--data-dir DIR]} lands here; the data
 * directory is {@code --data-dir}, else {@code PORTCULLIS_HOME}, else {@code ~/.portcullis}, as for
 * the command line.
 */
public class DesktopApp extends Application {

    private DesktopShell shell;

    public static void launchWindow(String[] args) {
        Application.launch(DesktopApp.class, args);
    }

    @Override
    public void init() {
        java.nio.file.Path dataDir = DataDirectory.resolve(Launch.of(getParameters().getRaw()).dataDirOption());
        // The same log file as the command line (the window has no console to report to), set up in
        // the background with the rest of the data directory once the window is on screen.
        shell = new DesktopShell(Startup.prepare(dataDir), null, () -> AppLogging.toDataDir(dataDir));
        shell.prepare();
    }

    @Override
    public void start(Stage stage) {
        shell.show(stage);
    }

    @Override
    public void stop() {
        try {
            if (shell != null) {
                shell.close();
            }
        } finally {
            AppLogging.close();
        }
    }
}
