package dev.portcullis.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import dev.portcullis.AppContext;
import dev.portcullis.cli.DataDirReleaseTest;
import dev.portcullis.ui.fx.BackgroundTasks;
import dev.portcullis.ui.settings.Appearance;
import dev.portcullis.ui.settings.Desktop;
import dev.portcullis.ui.settings.UiFonts;
import dev.portcullis.ui.settings.UiSettings;
import dev.portcullis.ui.unlock.StoreUnlocker;
import dev.portcullis.ui.unlock.UnlockSkeleton;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Application;
import javafx.css.CssParser;
import javafx.css.Stylesheet;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** What the window does before its first frame, and what it leaves until after. */
class StartupOrderTest {

    @Test
    void nothingOfTheDataDirectoryIsOpenedBeforeTheWindowIsShown(@TempDir Path parent) throws Exception {
        Path dataDir = parent.resolve("data");
        Stage stage = FxToolkit.registerPrimaryStage();
        AtomicInteger opened = new AtomicInteger();
        DesktopShell shell = new DesktopShell(Startup.prepare(dataDir), null, opened::incrementAndGet);
        try {
            shell.prepare(); // what Application.init does on the launcher thread
            WaitForAsyncUtils.waitForFxEvents();
            assertEquals(0, opened.get(), "the first view is built without opening anything");
            assertFalse(Files.exists(dataDir), "no database, no log before the window is shown");

            WaitForAsyncUtils.asyncFx(() -> shell.show(stage)).get(30, TimeUnit.SECONDS);
            // Once it is on screen, the data directory opens and the first page asks for a new password.
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> {
                Node password = stage.getScene().lookup("#passwordField");
                return password != null && !password.isDisabled();
            }).get());
            assertEquals(1, opened.get());
            assertTrue(Files.isRegularFile(dataDir.resolve("portcullis.mv.db")));
        } finally {
            WaitForAsyncUtils.asyncFx(() -> {
                stage.hide();
                shell.close();
            }).get(30, TimeUnit.SECONDS);
        }
        assertFalse(DataDirReleaseTest.openByThisProcess(dataDir).isPresent(),
                () -> "closed window, still open: " + DataDirReleaseTest.openByThisProcess(dataDir));
    }

    @Test
    void theFirstFrameIsTheUnlockPagesSkeletonAndTheUnlockViewReplacesItRightAfter(@TempDir Path parent) throws Exception {
        Path dataDir = parent.resolve("data");
        Stage stage = FxToolkit.registerPrimaryStage();
        Startup startup = Startup.prepare(dataDir);
        String title = Appearance.bundle(startup.settings().language().resolve(Locale.getDefault())).getString("unlock.title");
        DesktopShell shell = new DesktopShell(startup, null);
        try {
            shell.prepare();
            // What the first pulse lays out and renders: looked at in the FX event that shows the window.
            Parent first = WaitForAsyncUtils.asyncFx(() -> {
                shell.show(stage);
                return stage.getScene().getRoot();
            }).get(30, TimeUnit.SECONDS);
            List<Node> nodes = descendants(first);
            assertTrue(first.getStyleClass().contains("unlock-view"), "the unlock page's background and card");
            assertTrue(nodes.stream().anyMatch(n -> n instanceof Label l
                    && l.getText().equals(title)), "its title");
            assertEquals(List.of(), nodes.stream().filter(n -> n instanceof Control && !(n instanceof Label)).toList(),
                    "no text field, button or progress control (their skins) before the first frame");

            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> {
                Node password = stage.getScene().lookup("#passwordField");
                return password != null && !password.isDisabled();
            }).get());
            assertNotSame(first, stage.getScene().getRoot(), "the unlock view replaced the skeleton");
        } finally {
            WaitForAsyncUtils.asyncFx(() -> {
                stage.hide();
                shell.close();
            }).get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theFirstFramesStylesheetIsAlsoBuiltInBinaryFormWithTheSameRules() throws Exception {
        URL css = UnlockSkeleton.class.getResource("/dev/portcullis/ui/unlock/unlock.css");
        URL bss = UnlockSkeleton.class.getResource("/dev/portcullis/ui/unlock/unlock.bss");
        // JavaFX loads the .bss next to a .css instead of parsing it: the first frame then needs no CSS parser.
        assertNotNull(bss, "unlock.bss next to unlock.css (the build makes it)");
        assertEquals(rules(new CssParser().parse(css)), rules(Stylesheet.loadBinary(bss)));
    }

    private static String rules(Stylesheet stylesheet) {
        return stylesheet.getRules().stream()
                .map(r -> r.getSelectors() + " " + r.getDeclarations().stream()
                        .map(d -> d.getProperty() + "=" + d.getParsedValue()).toList())
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    private static List<Node> descendants(Node node) {
        List<Node> all = new java.util.ArrayList<>(List.of(node));
        if (node instanceof Parent p) {
            p.getChildrenUnmodifiable().forEach(child -> all.addAll(descendants(child)));
        }
        return all;
    }

    @Test
    void aWindowClosedWhileTheDataDirectoryOpensClosesItOnceOpened(@TempDir Path dataDir) throws Exception {
        FxToolkit.registerPrimaryStage();
        CountDownLatch opening = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (BackgroundTasks tasks = new BackgroundTasks("test-unlock", failure::set)) {
            StoreUnlocker unlocker = new StoreUnlocker(dataDir, tasks, source -> {
                opening.countDown();
                try {
                    assertTrue(proceed.await(30, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return AppContext.open(dataDir, source);
            });
            unlocker.attempt(new IgnoringListener());
            assertTrue(opening.await(30, TimeUnit.SECONDS));

            Thread closer = new Thread(unlocker::close, "test-closer");
            closer.start();
            proceed.countDown();
            closer.join(TimeUnit.SECONDS.toMillis(60));
            assertFalse(closer.isAlive(), "close waits for the opening, not forever");
            assertTrue(unlocker.context() != null, "the opening under way finished");
        }
        assertFalse(DataDirReleaseTest.openByThisProcess(dataDir).isPresent(),
                () -> "closed while opening, still open: " + DataDirReleaseTest.openByThisProcess(dataDir));
    }

    @Test
    void theThemeIsSetBeforeTheFirstViewIsBuilt(@TempDir Path dataDir) throws Exception {
        FxToolkit.registerPrimaryStage();
        Files.writeString(dataDir.resolve(UiSettings.FILE_NAME), "theme=LIGHT\n");
        WaitForAsyncUtils.asyncFx(() -> Application.setUserAgentStylesheet(Application.STYLESHEET_CASPIAN))
                .get(30, TimeUnit.SECONDS);
        DesktopShell shell = new DesktopShell(Startup.prepare(dataDir), null);
        try {
            shell.prepare();
            // Else the first control built installs JavaFX's default stylesheet, loaded for nothing.
            assertEquals(new PrimerLight().getUserAgentStylesheetBSS(), Application.getUserAgentStylesheet());
        } finally {
            WaitForAsyncUtils.asyncFx(shell::close).get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theClassesOfTheFirstFrameSetUpNoLoggingWhenInitialised() throws Exception {
        // In a JVM of its own: this one has set up logging long ago. Logback's set-up (its XML
        // configuration, hundreds of classes) belongs after the first frame, with the log file.
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String javaCommand = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(javaCommand, "-verbose:class", "-Djava.awt.headless=true", "-cp", classPath,
                FirstFrameClasses.class.getName()).redirectErrorStream(true).start();
        String output;
        try {
            output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains(FirstFrameClasses.DONE), output);
        List<String> logging = output.lines().filter(l -> l.contains("org.slf4j.") || l.contains("ch.qos.logback."))
                .map(l -> l.replaceAll(".*class,load\\] (\\S+) .*", "$1")).limit(10).toList();
        assertEquals(List.of(), logging, "logging classes loaded by the first frame's classes");
    }

    /** Initialises what the window runs before its first frame (static initialisers included), nothing more. */
    public static final class FirstFrameClasses {
        static final String DONE = "first-frame-classes-initialised";

        public static void main(String[] args) throws ClassNotFoundException {
            for (Class<?> c : List.of(dev.portcullis.Main.class, dev.portcullis.Launch.class, DesktopApp.class,
                    DesktopShell.class, Startup.class, AppInfo.class, UiSettings.class, Appearance.class,
                    dev.portcullis.ui.settings.SystemTheme.class, UnlockSkeleton.class, StoreUnlocker.class,
                    dev.portcullis.ui.unlock.UnlockController.class)) {
                Class.forName(c.getName(), true, FirstFrameClasses.class.getClassLoader());
            }
            System.out.println(DONE);
        }
    }

    @Test
    void fontsAreListedOnlyForALanguageThatPrefersOne() {
        AtomicInteger asked = new AtomicInteger();
        assertEquals("", UiFonts.rootStyle(Desktop.LINUX, Locale.ENGLISH, () -> {
            asked.incrementAndGet();
            return List.of("DejaVu Sans");
        }));
        assertEquals(0, asked.get(), "English keeps the system font without listing the installed ones");
        assertEquals("-fx-font-family: \"DejaVu Sans\";", UiFonts.rootStyle(Desktop.LINUX, Locale.forLanguageTag("fa"),
                () -> List.of("DejaVu Sans")));
    }

    /** A listener for an attempt whose outcome the test does not look at. */
    private static final class IgnoringListener implements StoreUnlocker.Listener {
        @Override
        public void askPassword(boolean creating) {
        }

        @Override
        public void refused(dev.portcullis.store.MasterPasswordException error) {
        }

        @Override
        public void tampered(dev.portcullis.store.VaultTamperedException error) {
        }

        @Override
        public void failed(Throwable error) {
        }

        @Override
        public void unlocked(AppContext context) {
        }
    }
}
