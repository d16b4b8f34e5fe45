package dev.portcullis.ui;

import java.lang.management.ManagementFactory;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * Measures how long the real application takes from JVM start to its first rendered window
 * (the first pulse after the stage is shown), then exits. The data directory comes from
 * PORTCULLIS_HOME as for the application. Run by {@code docs/measure.sh}.
 */
public final class StartupProbe extends DesktopApp {

    public static void main(String[] args) {
        Application.launch(StartupProbe.class, args);
    }

    @Override
    public void start(Stage stage) {
        super.start(stage);
        Runnable[] once = new Runnable[1];
        once[0] = () -> {
            stage.getScene().removePostLayoutPulseListener(once[0]);
            // One more pulse: the frame laid out in this pulse is on screen by the next.
            Platform.runLater(() -> {
                long ms = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
                System.out.println("startup-ms " + ms);
                Platform.exit();
            });
        };
        stage.getScene().addPostLayoutPulseListener(once[0]);
    }
}
