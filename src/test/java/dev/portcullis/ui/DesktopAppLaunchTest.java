package dev.portcullis.ui;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.AppLogging;
import dev.portcullis.cli.DataDirReleaseTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** {@code java -jar portcullis.jar --data-dir DIR}: the real application, started headless with that argument. */
class DesktopAppLaunchTest {

    @Test
    void theWindowOpensOnTheDirectoryGivenWithDataDir(@TempDir Path parent) throws Exception {
        Path dataDir = parent.resolve("chosen data");
        FxToolkit.registerPrimaryStage();
        Application app = FxToolkit.setupApplication(DesktopApp.class, "--data-dir", dataDir.toString());
        try {
            // The log is set up in the background once the window is on screen.
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> Files.isRegularFile(dataDir.resolve(AppLogging.FILE_NAME)));
            assertTrue(Files.isRegularFile(dataDir.resolve(AppLogging.FILE_NAME)),
                    "the window logs into the chosen data directory");
        } finally {
            FxToolkit.cleanupApplication(app);
            FxToolkit.cleanupStages();
        }
        assertFalse(DataDirReleaseTest.openByThisProcess(dataDir).isPresent(),
                () -> "closed window, still open: " + DataDirReleaseTest.openByThisProcess(dataDir));
    }
}
