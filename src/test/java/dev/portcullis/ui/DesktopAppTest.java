package dev.portcullis.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

@ExtendWith(ApplicationExtension.class)
class DesktopAppTest {

    @TempDir
    Path dataDir;

    private Stage stage;
    private WindowFixture window;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        window = new WindowFixture(stage, dataDir);
    }

    @AfterEach
    void close() throws Exception {
        window.close();
    }

    @Test
    void firstRunAsksForANewMasterPasswordThenShowsTheMainWindow(FxRobot robot) {
        assertEquals("Portcullis", stage.getTitle());
        window.createPassword(robot);
        assertTrue(window.shell.context().vault().isUnlocked());
        assertTrue(robot.lookup("#syncAllButton").query().isDisabled(), "nothing to sync without servers");
    }

    @Test
    void aNewPasswordMustBeRepeatedExactly(FxRobot robot) {
        WindowFixture.waitFor(robot, "#confirmField", Node::isVisible);
        robot.clickOn("#passwordField").write("orange tiger lamp 12");
        robot.clickOn("#confirmField").write("orange tiger lamp 13");
        robot.clickOn("#unlockButton");
        WindowFixture.waitFor(robot, "#errorLabel", Node::isVisible);
        assertTrue(robot.lookup("#unlockButton").tryQuery().isPresent(), "still on the unlock view");
    }

    @Test
    void aGuessableNewPasswordIsRefusedWithTheStoresOwnAdvice(FxRobot robot) {
        WindowFixture.waitFor(robot, "#confirmField", Node::isVisible);
        robot.clickOn("#passwordField").write("qwertyuiop");
        // The meter and the store use one estimator: weak here, refused below, with its advice.
        WindowFixture.waitFor(robot, "#strengthLabel", n -> ((Label) n).getText().startsWith("weak: This is a top-100 common password."));
        robot.clickOn("#confirmField").write("qwertyuiop");
        robot.clickOn("#unlockButton");
        WindowFixture.waitFor(robot, "#errorLabel", Node::isVisible);
        assertEquals("Too easy to guess. This is a top-100 common password. Add another word or two. Uncommon words are better.",
                robot.lookup("#errorLabel").queryAs(Label.class).getText());
        assertTrue(robot.lookup("#unlockButton").tryQuery().isPresent(), "still on the unlock view");
    }
}
