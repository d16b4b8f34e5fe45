package dev.portcullis.ui.settings;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.function.BooleanSupplier;
import javafx.application.Application;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.NodeOrientation;
import javafx.scene.text.Font;

/**
 * Theme and language of the window, from the settings and what the system prefers. Changing
 * either updates the settings; the language property lets the shell reload its views.
 * Lives on the FX thread.
 */
public final class Appearance {

    static final String BUNDLE = "dev.portcullis.ui.i18n.messages";

    private final UiSettings settings;
    private final BooleanSupplier systemPrefersDark;
    private final Locale systemLocale;
    private final ObjectProperty<Locale> locale = new SimpleObjectProperty<>();

    public Appearance(UiSettings settings, boolean systemPrefersDark, Locale systemLocale) {
        this(settings, () -> systemPrefersDark, systemLocale);
    }

    /** @param systemPrefersDark asked only when the theme follows the system (it may wait for the system's answer) */
    public Appearance(UiSettings settings, BooleanSupplier systemPrefersDark, Locale systemLocale) {
        this.settings = settings;
        this.systemPrefersDark = systemPrefersDark;
        this.systemLocale = systemLocale;
        this.locale.set(settings.language().resolve(systemLocale));
    }

    public ThemeChoice theme() {
        return settings.theme();
    }

    public boolean isDark() {
        ThemeChoice t = settings.theme();
        return t == ThemeChoice.DARK || (t == ThemeChoice.SYSTEM && systemPrefersDark.getAsBoolean());
    }

    public void setTheme(ThemeChoice theme) {
        settings.setTheme(theme);
        applyTheme();
    }

    /**
     * AtlantaFX themes are user-agent stylesheets: one call restyles every open window. The
     * precompiled binary form loads faster than the 170 KB text stylesheet, which counts at start-up.
     * Setting the one already in use again does nothing.
     */
    public void applyTheme() {
        String stylesheet = isDark()
                ? new PrimerDark().getUserAgentStylesheetBSS()
                : new PrimerLight().getUserAgentStylesheetBSS();
        if (!stylesheet.equals(Application.getUserAgentStylesheet())) {
            Application.setUserAgentStylesheet(stylesheet); // from any thread; loaded on the FX thread
        }
    }

    public LanguageChoice language() {
        return settings.language();
    }

    public void setLanguage(LanguageChoice language) {
        settings.setLanguage(language);
        locale.set(language.resolve(systemLocale));
    }

    public ObjectProperty<Locale> localeProperty() {
        return locale;
    }

    public ResourceBundle bundle() {
        return bundle(locale.get());
    }

    /**
     * Without the no-fallback control, asking for English on a Persian system would return the
     * Persian bundle (the default locale is tried before the base bundle).
     */
    public static ResourceBundle bundle(Locale locale) {
        return ResourceBundle.getBundle(BUNDLE, locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** The inline style giving a scene's root the font for the current language on this system (see {@link UiFonts}). */
    public String fontStyle() {
        return UiFonts.rootStyle(Desktop.current(), locale.get(), Font::getFamilies);
    }

    public NodeOrientation orientation() {
        return isRightToLeft(locale.get()) ? NodeOrientation.RIGHT_TO_LEFT : NodeOrientation.LEFT_TO_RIGHT;
    }

    static boolean isRightToLeft(Locale locale) {
        String lang = locale.getLanguage();
        return lang.equals("fa") || lang.equals("ar") || lang.equals("he") || lang.equals("ur");
    }
}
