package dev.portcullis.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real window on a real data directory (H2 store in a temp folder), and the few steps every
 * window test repeats. The save dialog is answered by the test (a native dialog cannot be driven
 * headless); everything else goes through the window as a user would.
 */
final class WindowFixture {

    static final String PASSWORD = "correct horse battery 9";

    final Path dataDir;
    final DesktopShell shell;
    final AtomicReference<File> saveAnswer = new AtomicReference<>();

    WindowFixture(Stage stage, Path dataDir) {
        this.dataDir = dataDir;
        FileChooserAnswer answer = chooser -> saveAnswer.get();
        this.shell = new DesktopShell(stage, Startup.prepare(dataDir), answer::pick);
        shell.show();
    }

    interface FileChooserAnswer {
        File pick(FileChooser chooser);
    }

    void close() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            shell.window().hide();
            shell.close();
        }).get(10, TimeUnit.SECONDS);
    }

    /** Chooses the master password on first run and waits for the main window. */
    void createPassword(FxRobot robot) {
        waitFor(robot, "#confirmField", Node::isVisible);
        robot.clickOn("#passwordField").write(PASSWORD);
        robot.clickOn("#confirmField").write(PASSWORD);
        robot.clickOn("#unlockButton");
        waitForMain(robot);
    }

    void waitForMain(FxRobot robot) {
        waitFor(robot, "#addServerButton", Node::isVisible);
    }

    static void waitFor(FxRobot robot, String query, java.util.function.Predicate<Node> condition) {
        waitUntil(() -> robot.lookup(query).tryQuery().map(condition::test).orElse(false));
    }

    static void waitUntil(Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> {
                WaitForAsyncUtils.waitForFxEvents();
                return condition.call();
            });
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("condition not met within 20 s", e);
        }
    }

    static <T> T onFx(Callable<T> work) {
        try {
            return WaitForAsyncUtils.asyncFx(work).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static void assertOnFx(Callable<Boolean> check, String message) {
        assertTrue(onFx(check), message);
    }

    static boolean isFx() {
        return Platform.isFxApplicationThread();
    }
}
