package dev.portcullis.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.ui.main.MainControllerAccess;
import dev.portcullis.ui.settings.Appearance;
import dev.portcullis.ui.settings.Desktop;
import dev.portcullis.ui.settings.UiFonts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

/** The window on Windows, macOS and Linux: menu bar, shortcuts and fonts follow the system (given, not detected). */
class PlatformLookTest {

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void desktopFromOsName() {
        assertEquals(Desktop.WINDOWS, Desktop.of("Windows 11"));
        assertEquals(Desktop.WINDOWS, Desktop.of("Windows Server 2022"));
        assertEquals(Desktop.MAC, Desktop.of("Mac OS X"));
        assertEquals(Desktop.LINUX, Desktop.of("Linux"));
        assertEquals(Desktop.LINUX, Desktop.of("FreeBSD"));
    }

    /** Every accelerator in the main window is Shortcut+...: Ctrl on Windows and Linux, Cmd on macOS. */
    @Test
    void menuShortcutsAreCmdOnMacAndCtrlElsewhere() throws IOException {
        String fxml;
        try (InputStream in = PlatformLookTest.class.getResourceAsStream("/dev/portcullis/ui/main/main.fxml")) {
            fxml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher m = Pattern.compile("accelerator=\"([^\"]+)\"").matcher(fxml);
        List<String> accelerators = new ArrayList<>();
        while (m.find()) {
            accelerators.add(m.group(1));
        }
        assertTrue(accelerators.size() >= 8, accelerators.toString());
        for (String text : accelerators) {
            KeyCombination k = KeyCombination.valueOf(text);
            assertEquals(KeyCombination.ModifierValue.DOWN, k.getShortcut(), text);
            assertEquals(KeyCombination.ModifierValue.UP, k.getControl(), text + " must not name Ctrl");
            assertEquals(KeyCombination.ModifierValue.UP, k.getMeta(), text + " must not name Meta/Cmd");
        }
    }

    @Test
    void macOsUsesTheSystemMenuBarAndCmdShortcuts() throws Exception {
        ResourceBundle english = Appearance.bundle(Locale.ENGLISH);
        for (Desktop desktop : Desktop.values()) {
            MenuBar bar = new MenuBar();
            MenuItem quit = new MenuItem(english.getString("menu.file.quit"));
            MenuItem remove = new MenuItem();
            MainControllerAccess.adaptMenus(desktop, bar, quit, remove, english);
            assertEquals(desktop == Desktop.MAC, bar.isUseSystemMenuBar(), desktop.name());
            switch (desktop) {
                case MAC -> {
                    assertEquals(new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN), quit.getAccelerator());
                    assertEquals(new KeyCodeCombination(KeyCode.BACK_SPACE, KeyCombination.SHORTCUT_DOWN), remove.getAccelerator());
                }
                case WINDOWS -> {
                    assertEquals(english.getString("menu.file.exit"), quit.getText());
                    assertEquals(null, quit.getAccelerator(), "Alt+F4 is the system's");
                    assertEquals(new KeyCodeCombination(KeyCode.DELETE), remove.getAccelerator());
                }
                case LINUX -> assertEquals(new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN), quit.getAccelerator());
            }
        }
    }

    @Test
    void persianAndChineseGetAFontThatHasTheirScript() {
        Locale fa = Locale.forLanguageTag("fa");
        Locale zh = Locale.forLanguageTag("zh-CN");
        Set<String> windows = Set.of("Segoe UI", "Tahoma", "Microsoft YaHei", "Microsoft YaHei UI", "Arial");
        assertEquals("-fx-font-family: \"Segoe UI\";", UiFonts.rootStyle(Desktop.WINDOWS, fa, windows));
        assertEquals("-fx-font-family: \"Microsoft YaHei UI\";", UiFonts.rootStyle(Desktop.WINDOWS, zh, windows));
        assertEquals("-fx-font-family: \"Tahoma\";", UiFonts.rootStyle(Desktop.WINDOWS, fa, Set.of("Tahoma")));
        Set<String> mac = Set.of("Geeza Pro", "PingFang SC", "Helvetica Neue");
        assertEquals("-fx-font-family: \"Geeza Pro\";", UiFonts.rootStyle(Desktop.MAC, fa, mac));
        assertEquals("-fx-font-family: \"PingFang SC\";", UiFonts.rootStyle(Desktop.MAC, zh, mac));
        Set<String> linux = Set.of("DejaVu Sans", "Noto Sans Arabic", "Noto Sans CJK SC");
        assertEquals("-fx-font-family: \"DejaVu Sans\";", UiFonts.rootStyle(Desktop.LINUX, fa, linux));
        assertEquals("-fx-font-family: \"Noto Sans CJK SC\";", UiFonts.rootStyle(Desktop.LINUX, zh, linux));
        assertEquals("", UiFonts.rootStyle(Desktop.WINDOWS, Locale.ENGLISH, windows), "English keeps the system font");
        assertEquals("", UiFonts.rootStyle(Desktop.LINUX, zh, Set.of("DejaVu Sans")), "nothing better installed: the system font");
        for (Desktop d : Desktop.values()) {
            assertFalse(UiFonts.preferred(d, fa).isEmpty(), d + " Persian");
            assertFalse(UiFonts.preferred(d, zh).isEmpty(), d + " Chinese");
        }
    }
}
