package dev.portcullis.ui.fx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.AppLogging;
import dev.portcullis.importer.ImportException;
import dev.portcullis.model.ValidationException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;

/** Failures of window tasks: handled by type on the FX thread, and logged at WARN when nobody handles them. */
class BackgroundTasksTest {

    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final List<Throwable> defaults = new CopyOnWriteArrayList<>();
    private final BackgroundTasks tasks = new BackgroundTasks("tasks-test", defaults::add);

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void close() {
        tasks.close();
        AppLogging.close();
    }

    @Test
    void theFirstHandlerWhoseTypeMatchesRunsOnTheFxThread() throws Exception {
        ValidationException refused = ValidationException.outOfRange(ValidationException.Field.PORT, 70000, 1, 65535);
        CountDownLatch done = new CountDownLatch(1);
        tasks.run(() -> {
            throw refused;
        }).onError(ImportException.class, e -> calls.add("import"))
                .onError(IllegalArgumentException.class, e -> calls.add("argument " + Platform.isFxApplicationThread()))
                .onError(ValidationException.class, e -> calls.add("validation (never: an earlier handler matched)"))
                .onError(RuntimeException.class, e -> calls.add("runtime"))
                .andFinally(done::countDown)
                .start();
        assertTrue(done.await(20, TimeUnit.SECONDS));
        assertEquals(List.of("argument true"), calls);
        assertEquals(List.of(), defaults, "a handled failure does not reach the default handler");
    }

    @Test
    void aFailureNoHandlerTakesIsLoggedAtWarnInPortcullisLogAndShown(@TempDir Path dataDir) throws Exception {
        AppLogging.toDataDir(dataDir);
        IllegalStateException bug = new IllegalStateException("a failure nobody expected 4f1c");
        CountDownLatch done = new CountDownLatch(1);
        tasks.run(() -> {
            throw bug;
        }).onError(ValidationException.class, e -> calls.add("validation"))
                .andFinally(done::countDown)
                .start();
        assertTrue(done.await(20, TimeUnit.SECONDS));
        assertEquals(List.of(), calls);
        assertEquals(1, defaults.size());
        assertSame(bug, defaults.get(0), "the default handler (the status bar) still shows it");
        AppLogging.close();
        String log = Files.readString(dataDir.resolve(AppLogging.FILE_NAME), StandardCharsets.UTF_8);
        assertTrue(log.lines().anyMatch(l -> l.contains(" WARN ") && l.contains(BackgroundTasks.class.getSimpleName())),
                log);
        assertTrue(log.contains("a failure nobody expected 4f1c"), "the stack trace names the failure:\n" + log);
    }

    @Test
    void otherwiseTakesAnUnhandledFailureInsteadOfTheDefaultAndItIsStillLogged(@TempDir Path dataDir) throws Exception {
        AppLogging.toDataDir(dataDir);
        CountDownLatch done = new CountDownLatch(1);
        tasks.run(() -> {
            throw new IllegalStateException("unexpected 9d2e");
        }).otherwise(e -> calls.add("otherwise " + e.getClass().getSimpleName()))
                .andFinally(done::countDown)
                .start();
        assertTrue(done.await(20, TimeUnit.SECONDS));
        assertEquals(List.of("otherwise IllegalStateException"), calls);
        assertEquals(List.of(), defaults);
        AppLogging.close();
        String log = Files.readString(dataDir.resolve(AppLogging.FILE_NAME), StandardCharsets.UTF_8);
        assertTrue(log.contains("unexpected 9d2e") && log.contains(" WARN "), log);
        assertFalse(log.contains(" DEBUG "), log);
    }
}
