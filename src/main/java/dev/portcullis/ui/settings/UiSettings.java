package dev.portcullis.ui.settings;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Window settings (theme, language, window bounds, divider position, alerts about every server), kept in {@code ui.properties}
 * in the data directory rather than java.util.prefs, so that a second data directory (a test, a
 * second profile) has its own and nothing is left in the registry. Not thread-safe: read once
 * before the window opens, changed on the FX thread, written through {@link #save()} from a
 * background thread with a snapshot.
 */
public final class UiSettings {

    public static final String FILE_NAME = "ui.properties";

    private final Path file;
    private final Properties values;

    private UiSettings(Path file, Properties values) {
        this.file = file;
        this.values = values;
    }

    /** Taken when needed: the window reads its settings before logging is set up (off the start-up path). */
    private static Logger log() {
        return LoggerFactory.getLogger(UiSettings.class);
    }

    /** Reads the file if present; a missing or unreadable file gives defaults. Touches the disk. */
    public static UiSettings load(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException | IllegalArgumentException e) {
                log().warn("ignoring unreadable {}: {}", file, e.getMessage());
            }
        }
        return new UiSettings(file, p);
    }

    public ThemeChoice theme() {
        return ThemeChoice.parse(values.getProperty("theme"));
    }

    public void setTheme(ThemeChoice theme) {
        values.setProperty("theme", theme.name());
    }

    public LanguageChoice language() {
        return LanguageChoice.parse(values.getProperty("language"));
    }

    public void setLanguage(LanguageChoice language) {
        values.setProperty("language", language.name());
    }

    public Optional<WindowBounds> windowBounds() {
        try {
            double x = Double.parseDouble(values.getProperty("window.x"));
            double y = Double.parseDouble(values.getProperty("window.y"));
            double w = Double.parseDouble(values.getProperty("window.width"));
            double h = Double.parseDouble(values.getProperty("window.height"));
            boolean max = Boolean.parseBoolean(values.getProperty("window.maximized"));
            return Optional.of(new WindowBounds(x, y, w, h, max));
        } catch (NullPointerException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public void setWindowBounds(WindowBounds b) {
        values.setProperty("window.x", Double.toString(b.x()));
        values.setProperty("window.y", Double.toString(b.y()));
        values.setProperty("window.width", Double.toString(b.width()));
        values.setProperty("window.height", Double.toString(b.height()));
        values.setProperty("window.maximized", Boolean.toString(b.maximized()));
    }

    public double divider(String name, double fallback) {
        try {
            double d = Double.parseDouble(values.getProperty("divider." + name));
            return d > 0.05 && d < 0.95 ? d : fallback;
        } catch (NullPointerException | NumberFormatException e) {
            return fallback;
        }
    }

    public void setDivider(String name, double position) {
        values.setProperty("divider." + name, Double.toString(position));
    }

    /** Whether the window checks every server for alerts while it runs (on unless turned off). */
    public boolean alertAllServers() {
        return !"false".equals(values.getProperty("alerts.allServers"));
    }

    public void setAlertAllServers(boolean on) {
        values.setProperty("alerts.allServers", Boolean.toString(on));
    }

    /** A copy to hand to a background writer, so the FX thread can go on changing this one. */
    public Runnable saver() {
        Properties snapshot = new Properties();
        snapshot.putAll(values);
        return () -> write(file, snapshot);
    }

    public void save() {
        saver().run();
    }

    private static void write(Path file, Properties snapshot) {
        try {
            Files.createDirectories(file.getParent());
            // Write then rename, so a crash mid-write never leaves a truncated settings file.
            Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                snapshot.store(out, "Portcullis window settings");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log().warn("cannot save window settings to {}: {}", file, e.getMessage());
        }
    }

    /** Where the window was and how big, in screen coordinates. */
    public record WindowBounds(double x, double y, double width, double height, boolean maximized) {
    }
}
