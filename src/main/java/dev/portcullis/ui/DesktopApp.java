package dev.portcullis.ui;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;

/** Placeholder window until the desktop issue replaces it. */
public final class DesktopApp extends Application {

    public static void launchWindow(String[] args) {
        Application.launch(DesktopApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        stage.setTitle("Portcullis");
        stage.setScene(new Scene(new Label("Portcullis"), 480, 320));
        stage.show();
    }
}
