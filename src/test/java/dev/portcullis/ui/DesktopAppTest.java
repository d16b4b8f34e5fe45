package dev.portcullis.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

@ExtendWith(ApplicationExtension.class)
class DesktopAppTest {

    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        new DesktopApp().start(stage);
    }

    @Test
    void windowOpensWithItsTitle() {
        assertEquals("Portcullis", stage.getTitle());
    }
}
