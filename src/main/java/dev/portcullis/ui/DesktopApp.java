package dev.portcullis.ui;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;

/** The desktop window. */
public class DesktopApp extends Application {

    public static void launchWindow(String[] args) {
        Application.launch(DesktopApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        stage.setTitle("Portcullis");
        stage.setScene(new Scene(new BorderPane(new Label("Portcullis")), 960, 640));
        stage.show();
    }
}
