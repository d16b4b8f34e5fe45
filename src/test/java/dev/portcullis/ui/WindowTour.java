package dev.portcullis.ui;

import dev.portcullis.ui.settings.LanguageChoice;
import dev.portcullis.ui.settings.ThemeChoice;
import dev.portcullis.ui.settings.UiSettings;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TableView;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;

/**
 * Takes the README screenshots from a real run of the window: a real data directory filled
 * through the store, unlocked through the unlock view, then the scene rendered to PNG (light,
 * dark, Persian, and the first-run view). Run it with {@code docs/screenshots.sh} (under Xvfb
 * when there is no display).
 */
public final class WindowTour {

    private WindowTour() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/screenshots").toAbsolutePath();
        Files.createDirectories(out);
        Platform.startup(() -> { });
        Platform.setImplicitExit(false);

        Path fresh = Files.createTempDirectory("portcullis-tour-new");
        shoot(fresh, ThemeChoice.LIGHT, LanguageChoice.ENGLISH, out.resolve("first-run.png"), false);

        Path dataDir = Files.createTempDirectory("portcullis-tour");
        DemoData.populate(dataDir, 8, 6);
        DemoData.shareAPort(dataDir);
        shoot(dataDir, ThemeChoice.LIGHT, LanguageChoice.ENGLISH, out.resolve("window-light.png"), true);
        shoot(dataDir, ThemeChoice.DARK, LanguageChoice.ENGLISH, out.resolve("window-dark.png"), true);
        shoot(dataDir, ThemeChoice.LIGHT, LanguageChoice.PERSIAN, out.resolve("window-persian.png"), true);
        shoot(dataDir, ThemeChoice.LIGHT, LanguageChoice.ENGLISH, out.resolve("server-settings.png"), true, "settingsTab");
        DemoData.history(dataDir, java.time.Instant.now());
        shoot(dataDir, ThemeChoice.LIGHT, LanguageChoice.ENGLISH, out.resolve("history.png"), true, "historyTab");
        Platform.exit();
        System.out.println("screenshots written to " + out);
    }

    private static void shoot(Path dataDir, ThemeChoice theme, LanguageChoice language, Path png, boolean unlock)
            throws Exception {
        shoot(dataDir, theme, language, png, unlock, null);
    }

    /** As above, with the tab of that id shown (null: the first). */
    private static void shoot(Path dataDir, ThemeChoice theme, LanguageChoice language, Path png, boolean unlock,
                              String tab) throws Exception {
        UiSettings settings = UiSettings.load(dataDir);
        settings.setTheme(theme);
        settings.setLanguage(language);
        // Wide enough for every column of a server with all kinds of entries (shared-port accounts too).
        settings.setWindowBounds(new UiSettings.WindowBounds(20, 20, 1340, 760, false));
        settings.save();
        DesktopShell shell = show(dataDir);
        Scene scene = fx(() -> shell.window().getScene());
        if (unlock) {
            waitFor(() -> fx(() -> {
                Node field = scene.lookup("#passwordField");
                return field != null && !field.isDisabled();
            }));
            fx(() -> {
                ((PasswordField) scene.lookup("#passwordField")).setText(DemoData.PASSWORD);
                ((Button) scene.lookup("#unlockButton")).fire();
                return null;
            });
            waitFor(() -> fx(() -> shell.servers().rows().size() > 0));
            fx(() -> {
                shell.servers().selectedProperty().set(shell.servers().rows().get(0));
                return null;
            });
            waitFor(() -> fx(() -> {
                TableView<?> limits = (TableView<?>) scene.lookup(".limits-table");
                return limits != null && !limits.getItems().isEmpty();
            }));
            if (tab != null) {
                fx(() -> {
                    javafx.scene.control.TabPane tabs = (javafx.scene.control.TabPane) scene.lookup(".tab-pane");
                    tabs.getSelectionModel().select(tabs.getTabs().stream().filter(t -> tab.equals(t.getId()))
                            .findFirst().orElseThrow());
                    return null;
                });
                waitFor(() -> fx(() -> {
                    javafx.scene.control.ListView<?> allowed = (javafx.scene.control.ListView<?>) scene.lookup(".allowed-list");
                    TableView<?> addresses = (TableView<?>) scene.lookup(".history-table");
                    return "historyTab".equals(tab) ? addresses != null && !addresses.getItems().isEmpty()
                            : allowed != null && !allowed.getItems().isEmpty();
                }));
            }
        } else {
            // The first frame is the unlock page's skeleton; the view with its fields follows.
            waitFor(() -> fx(() -> {
                Node confirm = scene.lookup("#confirmField");
                return confirm != null && confirm.isVisible();
            }));
            fx(() -> {
                ((PasswordField) scene.lookup("#passwordField")).setText("Tr0ub4dor&3x");
                ((PasswordField) scene.lookup("#confirmField")).setText("Tr0ub4dor&3x");
                return null;
            });
        }
        Thread.sleep(600); // let fonts, icons and layout settle before the picture
        WritableImage image = fx(() -> scene.snapshot(null));
        ImageIO.write(toBuffered(image), "png", png.toFile());
        System.out.println("wrote " + png);
        fx(() -> {
            shell.window().hide();
            shell.close();
            return null;
        });
    }

    /** JavaFX has no PNG writer without javafx-swing; copying the pixels avoids that dependency. */
    static BufferedImage toBuffered(WritableImage image) {
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        PixelReader reader = image.getPixelReader();
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            reader.getPixels(0, y, w, 1, javafx.scene.image.PixelFormat.getIntArgbInstance(), row, 0, w);
            out.setRGB(0, y, w, 1, row, 0, w);
        }
        return out;
    }

    /** Opens the window on {@code dataDir} as the application starts it, on the FX thread. */
    static DesktopShell show(Path dataDir) throws Exception {
        Startup startup = Startup.prepare(dataDir);
        return fx(() -> {
            DesktopShell s = new DesktopShell(new Stage(), startup, null);
            s.show();
            return s;
        });
    }

    static <T> T fx(java.util.concurrent.Callable<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result.get(30, TimeUnit.SECONDS);
    }

    static void waitFor(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the window did not get there within 30 s");
            }
            Thread.sleep(20);
        }
    }
}
