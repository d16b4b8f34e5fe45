package dev.portcullis.ui.settings;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The window's font for a language on a system: the first installed family of a short list that
 * covers both the script and Latin letters, else JavaFX's "System" font. Missing glyphs (a Chinese
 * label in the Persian window) still come from the system's fallback fonts, which JavaFX consults
 * for every family.
 *
 * <ul>
 *   <li>Persian: Windows Segoe UI, Tahoma; macOS SF Arabic, Geeza Pro; Linux Vazirmatn,
 *       DejaVu Sans (fonts-dejavu-core).</li>
 *   <li>Chinese: Windows Microsoft YaHei UI, Microsoft YaHei; macOS PingFang SC, Hiragino Sans GB;
 *       Linux Noto Sans CJK SC (fonts-noto-cjk), WenQuanYi Micro Hei.</li>
 *   <li>Other languages: the system font (Segoe UI, San Francisco, the desktop's sans-serif).</li>
 * </ul>
 */
public final class UiFonts {

    private UiFonts() {
    }

    public static List<String> preferred(Desktop desktop, Locale locale) {
        return switch (locale.getLanguage()) {
            case "fa", "ar" -> switch (desktop) {
                case WINDOWS -> List.of("Segoe UI", "Tahoma");
                case MAC -> List.of("SF Arabic", "Geeza Pro");
                case LINUX -> List.of("Vazirmatn", "DejaVu Sans");
            };
            case "zh" -> switch (desktop) {
                case WINDOWS -> List.of("Microsoft YaHei UI", "Microsoft YaHei");
                case MAC -> List.of("PingFang SC", "Hiragino Sans GB");
                case LINUX -> List.of("Noto Sans CJK SC", "WenQuanYi Micro Hei");
            };
            default -> List.of();
        };
    }

    /** The family to use, if one of the preferred ones is installed. */
    public static Optional<String> family(Desktop desktop, Locale locale, Collection<String> installed) {
        return preferred(desktop, locale).stream().filter(installed::contains).findFirst();
    }

    /** The inline style that sets it on a scene's root (empty: keep the theme's system font). */
    public static String rootStyle(Desktop desktop, Locale locale, Collection<String> installed) {
        return family(desktop, locale, installed).map(f -> "-fx-font-family: \"" + f + "\";").orElse("");
    }

    /**
     * The same, asking for the installed families only when the language has a preference: listing
     * them reads every font on the system, which would delay the window's first frame for nothing.
     */
    public static String rootStyle(Desktop desktop, Locale locale, Supplier<? extends Collection<String>> installed) {
        return preferred(desktop, locale).isEmpty() ? "" : rootStyle(desktop, locale, installed.get());
    }
}
