package dev.portcullis.ui;

import dev.portcullis.ui.settings.SystemTheme;
import dev.portcullis.ui.settings.ThemeChoice;
import dev.portcullis.ui.settings.UiSettings;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * What the window needs before it can show anything, gathered off the FX thread
 * (Application.init runs on the launcher thread): the settings file, the system's dark
 * preference (asking it may start a process) and the version.
 *
 * @param systemPrefersDark the system's answer; asked on a thread of its own while the first view
 *                          is built, waited for when the theme is applied
 */
public record Startup(Path dataDir, UiSettings settings, BooleanSupplier systemPrefersDark, AppInfo info) {

    public static Startup prepare(Path dataDir) {
        UiSettings settings = UiSettings.load(dataDir);
        // Only ask the system when the setting says to follow it: it costs a process start.
        CompletableFuture<Boolean> dark = settings.theme() == ThemeChoice.SYSTEM
                ? CompletableFuture.supplyAsync(SystemTheme::prefersDark, Startup::systemThemeThread)
                : CompletableFuture.completedFuture(false);
        return new Startup(dataDir, settings, dark::join, AppInfo.load(dataDir));
    }

    private static void systemThemeThread(Runnable query) {
        Thread t = new Thread(query, "portcullis-system-theme");
        t.setDaemon(true);
        t.start();
    }
}
