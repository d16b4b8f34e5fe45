package dev.portcullis.ui.main;

import dev.portcullis.ui.export.ExportActions;
import dev.portcullis.ui.importer.ImportActions;
import dev.portcullis.ui.servers.ServerActions;
import dev.portcullis.ui.servers.ServersModel;
import dev.portcullis.ui.settings.Appearance;
import dev.portcullis.ui.settings.Desktop;
import dev.portcullis.ui.settings.LanguageChoice;
import dev.portcullis.ui.settings.ThemeChoice;
import dev.portcullis.ui.sync.SyncActions;
import java.util.ResourceBundle;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.concurrent.Task;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.Label;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;

/**
 * Menus, toolbar and status bar. Thin on purpose: every action is forwarded to the object that
 * owns it (server actions, export, sync, the window), and enabling follows the shared models.
 */
public final class MainController {

    private final ServersModel servers;
    private final StatusModel status;
    private final Appearance appearance;
    private final WindowActions window;
    private final ServerActions serverActions;
    private final SyncActions syncActions;
    private final ExportActions exportActions;
    private final ImportActions importActions;

    @FXML private BorderPane root;
    @FXML private MenuBar menuBar;
    @FXML private MenuItem quitItem;
    @FXML private MenuItem editServerItem;
    @FXML private MenuItem removeServerItem;
    @FXML private MenuItem testItem;
    @FXML private MenuItem importItem;
    @FXML private MenuItem planItem;
    @FXML private MenuItem syncItem;
    @FXML private MenuItem syncAllItem;
    @FXML private MenuItem exportItem;
    @FXML private MenuItem copyInstallItem;
    @FXML private RadioMenuItem themeSystem;
    @FXML private RadioMenuItem themeLight;
    @FXML private RadioMenuItem themeDark;
    @FXML private RadioMenuItem langSystem;
    @FXML private RadioMenuItem langEnglish;
    @FXML private RadioMenuItem langPersian;
    @FXML private RadioMenuItem langChinese;
    @FXML private ToggleButton darkToggle;
    @FXML private Button syncAllButton;
    @FXML private Button syncButton;
    @FXML private Button planButton;
    @FXML private Button exportButton;
    @FXML private Button copyInstallButton;
    @FXML private SplitPane split;
    @FXML private javafx.scene.control.TabPane tabs;
    @FXML private javafx.scene.control.Tab liveTab;
    @FXML private Label statusLabel;
    @FXML private Label errorLabel;
    @FXML private Label progressLabel;
    @FXML private ProgressBar progressBar;
    @FXML private Button cancelButton;
    @FXML private ResourceBundle resources;

    public MainController(ServersModel servers, StatusModel status, Appearance appearance, WindowActions window,
                          ServerActions serverActions, ExportActions exportActions, SyncActions syncActions,
                          ImportActions importActions) {
        this.servers = servers;
        this.status = status;
        this.appearance = appearance;
        this.window = window;
        this.serverActions = serverActions;
        this.syncActions = syncActions;
        this.exportActions = exportActions;
        this.importActions = importActions;
    }

    @FXML
    private void initialize() {
        adaptMenus(Desktop.current(), menuBar, quitItem, removeServerItem, resources);

        BooleanBinding noSelection = servers.selectedProperty().isNull();
        for (MenuItem item : new MenuItem[] {editServerItem, removeServerItem, testItem, importItem, planItem,
                syncItem, exportItem, copyInstallItem}) {
            item.disableProperty().bind(noSelection);
        }
        for (ButtonBase b : new ButtonBase[] {syncButton, planButton, exportButton, copyInstallButton}) {
            b.disableProperty().bind(noSelection);
        }
        BooleanBinding noServers = Bindings.isEmpty(servers.rows());
        syncAllItem.disableProperty().bind(noServers);
        syncAllButton.disableProperty().bind(noServers);
        if (!syncActions.available()) {
            // The SSH layer is not part of this build yet: say so instead of offering dead buttons.
            for (MenuItem item : new MenuItem[] {planItem, syncItem, syncAllItem, testItem}) {
                item.disableProperty().unbind();
                item.setDisable(true);
            }
            for (ButtonBase b : new ButtonBase[] {syncButton, planButton, syncAllButton}) {
                b.disableProperty().unbind();
                b.setDisable(true);
            }
        }

        ToggleGroup themes = new ToggleGroup();
        themes.getToggles().addAll(themeSystem, themeLight, themeDark);
        themes.selectToggle(switch (appearance.theme()) {
            case LIGHT -> themeLight;
            case DARK -> themeDark;
            case SYSTEM -> themeSystem;
        });
        darkToggle.setSelected(appearance.isDark());

        ToggleGroup languages = new ToggleGroup();
        languages.getToggles().addAll(langSystem, langEnglish, langPersian, langChinese);
        languages.selectToggle(switch (appearance.language()) {
            case ENGLISH -> langEnglish;
            case PERSIAN -> langPersian;
            case CHINESE -> langChinese;
            case SYSTEM -> langSystem;
        });

        statusLabel.textProperty().bind(status.messageProperty());
        errorLabel.textProperty().bind(status.errorProperty());
        errorLabel.visibleProperty().bind(status.errorProperty().isNotEmpty());
        errorLabel.managedProperty().bind(errorLabel.visibleProperty());
        status.runningProperty().addListener((obs, old, task) -> showRunning(task));
        showRunning(status.runningProperty().get());
    }

    public SplitPane split() {
        return split;
    }

    /** True while the live connections tab is the one shown. */
    public javafx.beans.binding.BooleanBinding liveTabShown() {
        return tabs.getSelectionModel().selectedItemProperty().isEqualTo(liveTab);
    }

    /** Runs {@code action} each time the named tab ("limits", "sync", "live", "history") is brought forward. */
    public void onTabShown(String name, Runnable action) {
        tabs.getSelectionModel().selectedItemProperty().addListener((obs, o, t) -> {
            if (t != null && (name + "Tab").equals(t.getId())) {
                action.run();
            }
        });
    }

    /** Brings a tab forward ("limits", "sync", "live", "history"). */
    public void showTab(String name) {
        tabs.getTabs().stream().filter(t -> (name + "Tab").equals(t.getId())).findFirst()
                .ifPresent(t -> tabs.getSelectionModel().select(t));
    }

    private void showRunning(Task<?> task) {
        boolean busy = task != null;
        progressBar.setVisible(busy);
        cancelButton.setVisible(busy);
        progressLabel.setVisible(busy);
        progressBar.progressProperty().unbind();
        progressLabel.textProperty().unbind();
        if (busy) {
            progressBar.progressProperty().bind(task.progressProperty());
            progressLabel.textProperty().bind(task.messageProperty());
        }
    }

    /**
     * macOS puts menus in the screen's menu bar and has no "Exit"; Windows says "Exit" and closes
     * with Alt+F4 (the system handles it, so no accelerator); Linux desktops say "Quit", Ctrl+Q.
     */
    static void adaptMenus(Desktop desktop, MenuBar menuBar, MenuItem quitItem, MenuItem removeServerItem,
                           ResourceBundle resources) {
        switch (desktop) {
            case MAC -> {
                menuBar.setUseSystemMenuBar(true);
                quitItem.setAccelerator(new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN));
                removeServerItem.setAccelerator(new KeyCodeCombination(KeyCode.BACK_SPACE, KeyCombination.SHORTCUT_DOWN));
            }
            case WINDOWS -> {
                quitItem.setText(resources.getString("menu.file.exit"));
                removeServerItem.setAccelerator(new KeyCodeCombination(KeyCode.DELETE));
            }
            case LINUX -> quitItem.setAccelerator(new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN));
        }
    }

    @FXML private void addServer() {
        serverActions.add();
    }

    @FXML private void editServer() {
        servers.selected().ifPresent(serverActions::edit);
    }

    @FXML private void removeServer() {
        servers.selected().ifPresent(serverActions::remove);
    }

    @FXML private void testConnection() {
        servers.selected().ifPresent(syncActions::testConnection);
    }

    @FXML private void importPanel() {
        servers.selected().ifPresent(importActions::importFrom);
    }

    @FXML private void exportScript() {
        servers.selected().ifPresent(exportActions::exportScript);
    }

    @FXML private void copyInstallCommand() {
        servers.selected().ifPresent(exportActions::copyInstallCommand);
    }

    @FXML private void plan() {
        servers.selected().ifPresent(syncActions::plan);
    }

    @FXML private void sync() {
        servers.selected().ifPresent(syncActions::sync);
    }

    @FXML private void syncAll() {
        syncActions.syncAll();
    }

    @FXML private void cancelRunning() {
        Task<?> task = status.runningProperty().get();
        if (task != null) {
            task.cancel(true);
        }
    }

    @FXML private void quit() {
        window.quit();
    }

    @FXML private void about() {
        window.showAbout();
    }

    @FXML private void themeSystem() {
        window.changeTheme(ThemeChoice.SYSTEM);
        darkToggle.setSelected(appearance.isDark());
    }

    @FXML private void themeLight() {
        window.changeTheme(ThemeChoice.LIGHT);
        darkToggle.setSelected(false);
    }

    @FXML private void themeDark() {
        window.changeTheme(ThemeChoice.DARK);
        darkToggle.setSelected(true);
    }

    @FXML private void toggleDark() {
        if (darkToggle.isSelected()) {
            themeDark.setSelected(true);
            themeDark();
        } else {
            themeLight.setSelected(true);
            themeLight();
        }
    }

    @FXML private void languageSystem() {
        window.changeLanguage(LanguageChoice.SYSTEM);
    }

    @FXML private void languageEnglish() {
        window.changeLanguage(LanguageChoice.ENGLISH);
    }

    @FXML private void languagePersian() {
        window.changeLanguage(LanguageChoice.PERSIAN);
    }

    @FXML private void languageChinese() {
        window.changeLanguage(LanguageChoice.CHINESE);
    }
}
