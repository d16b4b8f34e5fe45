package dev.portcullis.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.scene.Node;
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
        robot.clickOn("#passwordField").write("abcdefgh12");
        robot.clickOn("#confirmField").write("abcdefgh13");
        robot.clickOn("#unlockButton");
        WindowFixture.waitFor(robot, "#errorLabel", Node::isVisible);
        assertTrue(robot.lookup("#unlockButton").tryQuery().isPresent(), "still on the unlock view");
    }
}
