package dev.portcullis.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.text.Text;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real window on a real data directory (H2 store in a temp folder), and the few steps every
 * window test repeats. The save dialog is answered by the test (a native dialog cannot be driven
 * headless); everything else goes through the window as a user would.
 *
 * <p>As a JUnit extension ({@code @RegisterExtension final WindowFixture window = new WindowFixture();})
 * it opens the window on TestFX's primary stage and a fresh data directory before each test, closes
 * it and deletes the directory after, and hands test methods an {@link FxRobot}.
 */
final class WindowFixture implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

    static final String PASSWORD = "correct horse battery 9";

    Path dataDir;
    DesktopShell shell;
    final AtomicReference<File> saveAnswer = new AtomicReference<>();
    private Stage stage;
    private Path ownedDataDir;

    /** Opened by the extension callbacks, before each test. */
    WindowFixture() {
    }

    private void open(Stage stage, Path dataDir) {
        this.stage = stage;
        this.dataDir = dataDir;
        FileChooserAnswer answer = chooser -> saveAnswer.get();
        this.shell = new DesktopShell(stage, Startup.prepare(dataDir), answer::pick);
        shell.show();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        Stage primary = FxToolkit.registerPrimaryStage();
        ownedDataDir = Files.createTempDirectory("portcullis-window");
        // Window tests see what they do themselves: no background alert checks of their servers
        // (on by default for users) unless a test turns them on.
        dev.portcullis.ui.settings.UiSettings settings = dev.portcullis.ui.settings.UiSettings.load(ownedDataDir);
        settings.setAlertAllServers(false);
        settings.save();
        onFx(() -> {
            open(primary, ownedDataDir);
            return null;
        });
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            if (shell != null) {
                close();
            }
            FxRobot robot = new FxRobot();
            robot.release(new KeyCode[0]);
            robot.release(new MouseButton[0]);
            FxToolkit.cleanupStages();
            WaitForAsyncUtils.waitForFxEvents();
        } finally {
            deleteTree(ownedDataDir);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == FxRobot.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return new FxRobot();
    }

    Stage stage() {
        return stage;
    }

    /** Quits and starts the window again on the same stage and data directory, as a user restarting it. */
    void restart() throws Exception {
        close();
        onFx(() -> {
            open(stage, dataDir);
            return null;
        });
    }

    private static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
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

    /** Shows the inventory's servers in the list and selects one, as after a restart with it chosen. */
    void showServers(String selected) {
        onFx(() -> {
            shell.servers().replaceAll(shell.context().inventory().servers());
            shell.servers().byName(selected).ifPresent(shell.servers().selectedProperty()::set);
            return null;
        });
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

    /**
     * Labels and table cells under {@code root} whose text is drawn cut short (the text node shows
     * something else than the text, as "never…" for "never synced"), as "text -> shown".
     */
    static List<String> clippedTexts(Node root) {
        return onFx(() -> {
            root.applyCss();
            if (root instanceof Parent parent) {
                parent.layout();
            }
            List<String> clipped = new ArrayList<>();
            List<Node> texts = new ArrayList<>(root.lookupAll(".label"));
            texts.addAll(root.lookupAll(".table-cell"));
            for (Node n : texts) {
                if (n instanceof Labeled labeled && shown(labeled) && labeled.getText() != null
                        && !labeled.getText().isEmpty()) {
                    for (Node child : labeled.getChildrenUnmodifiable()) {
                        if (child instanceof Text shown && child.getStyleClass().contains("text")
                                && !labeled.getText().equals(shown.getText())) {
                            clipped.add(labeled.getText() + " -> " + shown.getText());
                        }
                    }
                }
            }
            return clipped;
        });
    }

    private static boolean shown(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return true;
    }

    static void assertOnFx(Callable<Boolean> check, String message) {
        assertTrue(onFx(check), message);
    }

    static boolean isFx() {
        return Platform.isFxApplicationThread();
    }
}
