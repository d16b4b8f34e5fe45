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
public final class StartupProbe {

    private StartupProbe() {
    }

    /** Not an Application itself: the java launcher refuses to start one from the class path. */
    public static void main(String[] args) {
        Application.launch(Probe.class, args);
    }

    /** The real application with a stopwatch on its first frame. */
    public static final class Probe extends DesktopApp {
        private final StringBuilder phases = new StringBuilder();

        @Override
        public void init() {
            mark("init");
            super.init();
            mark("init-done");
        }

        private void mark(String name) {
            phases.append(' ').append(name).append('=')
                    .append(System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime());
        }

        @Override
        public void start(Stage stage) {
            mark("start");
            super.start(stage);
            mark("shown");
            Runnable[] once = new Runnable[1];
            once[0] = () -> {
                stage.getScene().removePostLayoutPulseListener(once[0]);
                // One more pulse: the frame laid out in this pulse is on screen by the next.
                Platform.runLater(() -> {
                    long ms = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
                    System.out.println("startup-ms " + ms + " (ms since JVM start:" + phases + ")");
                    Platform.exit();
                });
            };
            stage.getScene().addPostLayoutPulseListener(once[0]);
        }
    }
}
