package dev.portcullis.ui.main;

import dev.portcullis.ui.settings.LanguageChoice;
import dev.portcullis.ui.settings.ThemeChoice;

/** What the menus ask of the window as a whole; implemented by the shell that owns the stage. */
public interface WindowActions {
    void quit();

    void showAbout();

    void changeTheme(ThemeChoice theme);

    void changeLanguage(LanguageChoice language);
}
