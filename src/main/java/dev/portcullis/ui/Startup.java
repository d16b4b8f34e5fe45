package dev.portcullis.ui;

import dev.portcullis.ui.settings.SystemTheme;
import dev.portcullis.ui.settings.ThemeChoice;
import dev.portcullis.ui.settings.UiSettings;
import java.nio.file.Path;

/**
 * What the window needs before it can show anything, gathered off the FX thread
 * (Application.init runs on the launcher thread): the settings file, the system's dark
 * preference (asking it may start a process) and the version.
 */
public record Startup(Path dataDir, UiSettings settings, boolean systemPrefersDark, AppInfo info) {

    public static Startup prepare(Path dataDir) {
        UiSettings settings = UiSettings.load(dataDir);
        // Only ask the system when the setting says to follow it: it costs a process start.
        boolean dark = settings.theme() == ThemeChoice.SYSTEM && SystemTheme.prefersDark();
        return new Startup(dataDir, settings, dark, AppInfo.load(dataDir));
    }
}
