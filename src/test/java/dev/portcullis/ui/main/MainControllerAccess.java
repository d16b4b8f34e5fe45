package dev.portcullis.ui.main;

import dev.portcullis.ui.settings.Desktop;
import java.util.ResourceBundle;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;

/** Lets the window tests reach the main window's per-system menu choices. */
public final class MainControllerAccess {

    private MainControllerAccess() {
    }

    public static void adaptMenus(Desktop desktop, MenuBar bar, MenuItem quit, MenuItem remove, ResourceBundle resources) {
        MainController.adaptMenus(desktop, bar, quit, remove, resources);
    }
}
