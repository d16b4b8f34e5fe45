package dev.portcullis.ui.settings;

import java.util.Locale;

/** The user's language setting; SYSTEM picks the closest translation to the system locale. */
public enum LanguageChoice {
    SYSTEM(null),
    ENGLISH(Locale.ENGLISH),
    PERSIAN(Locale.forLanguageTag("fa")),
    CHINESE(Locale.SIMPLIFIED_CHINESE);

    private final Locale locale;

    LanguageChoice(Locale locale) {
        this.locale = locale;
    }

    /** The locale of the translation to show, given the system's locale. */
    public Locale resolve(Locale system) {
        if (locale != null) {
            return locale;
        }
        String lang = system.getLanguage();
        if ("fa".equals(lang)) {
            return PERSIAN.locale;
        }
        // Every Chinese locale gets the one Chinese translation there is: Simplified.
        if ("zh".equals(lang)) {
            return CHINESE.locale;
        }
        return ENGLISH.locale;
    }

    public static LanguageChoice parse(String value) {
        for (LanguageChoice c : values()) {
            if (c.name().equalsIgnoreCase(value)) {
                return c;
            }
        }
        return SYSTEM;
    }
}
