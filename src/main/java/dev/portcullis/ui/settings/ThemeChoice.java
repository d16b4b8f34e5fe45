package dev.portcullis.ui.settings;

/** The user's theme setting; SYSTEM follows the operating system's light/dark preference. */
public enum ThemeChoice {
    SYSTEM, LIGHT, DARK;

    public static ThemeChoice parse(String value) {
        for (ThemeChoice c : values()) {
            if (c.name().equalsIgnoreCase(value)) {
                return c;
            }
        }
        return SYSTEM;
    }
}
