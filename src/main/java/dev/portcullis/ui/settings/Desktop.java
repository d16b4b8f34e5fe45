package dev.portcullis.ui.settings;

import java.util.Locale;

/** The desktop system the window runs on, where it changes what the window does (menus, fonts). */
public enum Desktop {
    WINDOWS, MAC, LINUX;

    /** From the {@code os.name} system property's value; anything not Windows or macOS counts as Linux. */
    public static Desktop of(String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            return WINDOWS;
        }
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            return MAC;
        }
        return LINUX;
    }

    public static Desktop current() {
        return of(System.getProperty("os.name", ""));
    }
}
