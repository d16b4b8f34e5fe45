package dev.portcullis.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.scene.Node;
import javafx.scene.control.Label;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;

class DesktopAppTest {

    @RegisterExtension
    final WindowFixture window = new WindowFixture();

    @Test
    void firstRunAsksForANewMasterPasswordThenShowsTheMainWindow(FxRobot robot) {
        assertEquals("Portcullis", window.stage().getTitle());
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
