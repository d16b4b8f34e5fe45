package dev.portcullis.ui;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.ui.settings.UiSettings;
import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Labeled;
import javafx.scene.control.TabPane;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/**
 * The window setting "alert me about every server": on unless turned off, shown in the Settings tab
 * with what it does, turning it on starts the background checks and off stops them, and the choice
 * is kept in the window settings across a restart.
 */
class WindowAlertSettingsTest {

    @RegisterExtension
    final WindowFixture window = new WindowFixture();

    @Test
    void onUnlessTurnedOff(@TempDir Path dir) {
        assertTrue(UiSettings.load(dir).alertAllServers(), "a new data directory: on");
        UiSettings s = UiSettings.load(dir);
        s.setAlertAllServers(false);
        s.save();
        assertFalse(UiSettings.load(dir).alertAllServers());
    }

    @Test
    void theToggleStartsAndStopsTheChecksAndIsKeptAcrossARestart(FxRobot robot) throws Exception {
        window.createPassword(robot); // the fixture turned the setting off
        showSettings(robot);
        CheckBox box = robot.lookup("#alertAllServers").queryAs(CheckBox.class);
        assertFalse(box.isSelected());
        assertFalse(WindowFixture.onFx(() -> window.shell.backgroundAlerts().running()));
        assertTrue(WindowFixture.onFx(() -> robot.lookup(".text-muted").queryAll().stream()
                .anyMatch(n -> n instanceof Labeled l && l.getText().contains("about once a minute over SSH"))));

        robot.clickOn(box);
        WindowFixture.waitUntil(() -> window.shell.backgroundAlerts().running());
        WindowFixture.waitUntil(() -> UiSettings.load(window.dataDir).alertAllServers());

        window.restart();
        WindowFixture.waitFor(robot, "#passwordField", Node::isVisible);
        robot.clickOn("#passwordField").write(WindowFixture.PASSWORD);
        robot.clickOn("#unlockButton");
        window.waitForMain(robot);
        WindowFixture.waitUntil(() -> window.shell.backgroundAlerts().running());
        showSettings(robot);
        CheckBox again = robot.lookup("#alertAllServers").queryAs(CheckBox.class);
        assertTrue(again.isSelected(), "kept across a restart");

        robot.clickOn(again);
        WindowFixture.waitUntil(() -> !window.shell.backgroundAlerts().running());
        WindowFixture.waitUntil(() -> !UiSettings.load(window.dataDir).alertAllServers());
    }

    private void showSettings(FxRobot robot) {
        TabPane tabs = WindowFixture.onFx(() -> (TabPane) window.shell.window().getScene().lookup(".tab-pane"));
        WindowFixture.onFx(() -> {
            tabs.getSelectionModel().select(tabs.getTabs().stream().filter(t -> "settingsTab".equals(t.getId()))
                    .findFirst().orElseThrow());
            return null;
        });
        WindowFixture.waitFor(robot, "#alertAllServers", Node::isVisible);
    }
}
