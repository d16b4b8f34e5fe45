package dev.portcullis.ui;

import dev.portcullis.AppContext;
import dev.portcullis.conntrack.OverLimitAlerts;
import dev.portcullis.history.GeoDatabases;
import dev.portcullis.history.LazyGeoLookup;
import dev.portcullis.remote.AlertWatch;
import dev.portcullis.remote.ConnectionMonitor;
import dev.portcullis.remote.PollPolicy;
import dev.portcullis.remote.SshConnector;
import dev.portcullis.ui.export.ExportActions;
import dev.portcullis.ui.fx.BackgroundTasks;
import dev.portcullis.ui.fx.ControllerLookup;
import dev.portcullis.ui.fx.Dialogs;
import dev.portcullis.ui.fx.FxmlLoaderFactory;
import dev.portcullis.ui.fx.FxmlView;
import dev.portcullis.ui.history.HistoryController;
import dev.portcullis.ui.history.HistoryModel;
import dev.portcullis.ui.importer.ImportActions;
import dev.portcullis.ui.importer.ImportReviewController;
import dev.portcullis.ui.limits.LimitEditor;
import dev.portcullis.ui.live.BackgroundAlerts;
import dev.portcullis.ui.live.LiveAlerts;
import dev.portcullis.ui.live.LiveController;
import dev.portcullis.ui.live.LiveModel;
import dev.portcullis.ui.live.LiveMonitor;
import dev.portcullis.ui.limits.LimitsController;
import dev.portcullis.ui.main.AboutController;
import dev.portcullis.ui.main.MainController;
import dev.portcullis.ui.main.StatusModel;
import dev.portcullis.ui.main.WindowActions;
import dev.portcullis.ui.servers.ServerActions;
import dev.portcullis.ui.servers.ServerFormController;
import dev.portcullis.ui.servers.ServerRow;
import dev.portcullis.ui.servers.ServerSettingsController;
import dev.portcullis.ui.servers.ServerSettingsEditor;
import dev.portcullis.ui.servers.ServersController;
import dev.portcullis.ui.servers.ServersModel;
import dev.portcullis.ui.settings.AlertSettingsController;
import dev.portcullis.ui.settings.Appearance;
import dev.portcullis.ui.settings.LanguageChoice;
import dev.portcullis.ui.settings.ThemeChoice;
import dev.portcullis.ui.settings.UiSettings;
import dev.portcullis.ui.sync.FleetActions;
import dev.portcullis.ui.sync.HostKeyDialog;
import dev.portcullis.ui.sync.SyncActions;
import dev.portcullis.ui.sync.SyncController;
import dev.portcullis.ui.sync.SyncModel;
import dev.portcullis.ui.unlock.StoreUnlocker;
import dev.portcullis.ui.unlock.UnlockController;
import dev.portcullis.ui.unlock.UnlockSkeleton;
import java.io.File;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.function.Function;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.Cursor;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.ButtonBar.ButtonData;
import javafx.scene.control.Dialog;
import javafx.stage.FileChooser;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.stage.WindowEvent;

/**
 * The window and the one place its objects are wired: models, actions and controllers are
 * created here with their dependencies and handed to the FXML loader through the controller
 * lookup. Before unlocking only the unlock view exists (and before it, for the first frame, its
 * skeleton); the store's services are wired once the data directory is open.
 */
public final class DesktopShell implements WindowActions {

    static final double DEFAULT_WIDTH = 1200;
    static final double DEFAULT_HEIGHT = 720;
    /** The servers list's share of the default window: enough for its four columns uncut. */
    static final double DEFAULT_DIVIDER = 0.42;
    /** How often the live view polls the server it shows. */
    static final java.time.Duration LIVE_INTERVAL = java.time.Duration.ofSeconds(3);

    private Stage stage;
    /** The first frame's content, until the unlock view replaces it. */
    private Parent skeleton;
    private final UnlockController unlockView;
    private final Startup startup;
    private final UiSettings settings;
    private final Appearance appearance;
    private final StatusModel status = new StatusModel(this::texts);
    private final ServersModel servers = new ServersModel();
    private final BackgroundTasks tasks = new BackgroundTasks("portcullis-background", status::fail);
    private final ControllerLookup controllers = new ControllerLookup();
    private final FxmlLoaderFactory views;
    private final Dialogs dialogs;
    private final StoreUnlocker unlocker;
    private final Function<FileChooser, File> saveDialog;

    private Scene scene;
    private AppContext context;
    private ServerActions serverActions;
    private MainController main;
    private LiveMonitor liveMonitor;
    private BackgroundAlerts backgroundAlerts;
    private final HistoryModel historyModel = new HistoryModel();
    private HistoryController history;
    private LazyGeoLookup geo;

    /**
     * @param saveDialog how to ask for a file to save to; null for the platform's dialog
     */
    public DesktopShell(Stage stage, Startup startup, Function<FileChooser, File> saveDialog) {
        this(startup, saveDialog);
        this.stage = stage;
    }

    /** A shell whose stage comes later ({@link #show(Stage)}), so {@link #prepare()} can run before it. */
    public DesktopShell(Startup startup, Function<FileChooser, File> saveDialog) {
        this(startup, saveDialog, () -> { });
    }

    /**
     * @param beforeOpening run on the background thread that opens the data directory, before it
     *                      does (the application points its log there)
     */
    public DesktopShell(Startup startup, Function<FileChooser, File> saveDialog, Runnable beforeOpening) {
        this.startup = startup;
        this.settings = startup.settings();
        this.appearance = new Appearance(settings, startup.systemPrefersDark(), Locale.getDefault());
        this.views = new FxmlLoaderFactory(controllers, appearance::bundle);
        this.dialogs = new Dialogs(() -> stage, appearance::bundle, appearance::orientation, appearance::fontStyle);
        this.saveDialog = saveDialog != null ? saveDialog : ExportActions.nativeSaveDialog(() -> stage);
        this.unlocker = new StoreUnlocker(startup.dataDir(), tasks, source -> {
            beforeOpening.run();
            return AppContext.open(startup.dataDir(), source);
        });
        this.unlockView = new UnlockController(unlocker, this::unlocked);
        controllers.register(UnlockController.class, () -> unlockView);
        controllers.register(AboutController.class, () -> new AboutController(startup.info()));
        controllers.register(ServerFormController.class, ServerFormController::new);
    }

    /**
     * Sets the theme and builds the first frame: the unlock page's skeleton (see {@link UnlockSkeleton}),
     * a few plain nodes; the unlock view itself (FXML, text fields, buttons) is loaded right after that
     * frame. JavaFX allows building nodes off the FX thread until they are shown, so the application
     * calls this from init() on the launcher thread. The theme comes first: the first control created
     * would otherwise install JavaFX's default stylesheet, loaded for nothing; and set from the
     * launcher thread, it loads on the FX thread while the skeleton is built here.
     */
    public void prepare() {
        if (skeleton == null) {
            appearance.applyTheme();
            skeleton = UnlockSkeleton.build(appearance.bundle(), startup.dataDir());
        }
    }

    public void show(Stage target) {
        this.stage = target;
        show();
    }

    public void show() {
        appearance.applyTheme();
        prepare();
        scene = new Scene(oriented(skeleton), DEFAULT_WIDTH, DEFAULT_HEIGHT);
        stage.setScene(scene);
        stage.setTitle("Portcullis");
        restoreBounds();
        stage.addEventHandler(WindowEvent.WINDOW_CLOSE_REQUEST, e -> rememberLayout());
        stage.show();
        afterFirstFrame(this::openUnlockView);
    }

    /**
     * Runs {@code work} on the FX thread once the first frame is on screen, so that it does not
     * compete with the window's appearance for the processor. The first pulse lays out and hands that
     * frame to the render thread; a pulse that changes the scene waits for the previous frame's
     * rendering before it synchronises, so the second pulse changes the cursor (to busy: nothing
     * can be done on the skeleton) and work posted from it runs after that frame is rendered.
     */
    private void afterFirstFrame(Runnable work) {
        int[] pulses = {0};
        Runnable[] listener = new Runnable[1];
        listener[0] = () -> {
            if (++pulses[0] == 1) {
                Platform.requestNextPulse();
                return;
            }
            scene.removePostLayoutPulseListener(listener[0]);
            skeleton.setCursor(Cursor.WAIT);
            Platform.runLater(work);
        };
        scene.addPostLayoutPulseListener(listener[0]);
    }

    /**
     * After the first frame: opening the data directory (log file, database, migrations, then the
     * master password) starts in the background, the unlock view replaces the skeleton meanwhile,
     * and the window icons are decoded. The unlocker's answers arrive on the FX thread, so they
     * reach the view only after this method has loaded it.
     */
    private void openUnlockView() {
        unlockView.begin();
        FxmlLoaderFactory.Loaded<UnlockController> loaded = views.load(FxmlView.UNLOCK);
        scene.setRoot(oriented(loaded.root()));
        addIcons();
    }

    /** The window icon in the sizes desktops ask for; decoded in the background, after the first frame. */
    private void addIcons() {
        for (int size : new int[] {16, 24, 32, 48, 64, 128, 256}) {
            java.net.URL url = DesktopShell.class.getResource("/dev/portcullis/icons/portcullis-" + size + ".png");
            if (url != null) {
                stage.getIcons().add(new javafx.scene.image.Image(url.toExternalForm(), true));
            }
        }
    }

    private void unlocked(AppContext ctx) {
        this.context = ctx;
        wire(ctx);
        showMain();
        serverActions.reload();
    }

    /** The window's objects over the unlocked data directory's services (all built by {@link AppContext}). */
    private void wire(AppContext ctx) {
        serverActions = new ServerActions(ctx.inventory(), tasks, views, dialogs, servers, status);
        ExportActions exportActions = new ExportActions(ctx.inventory(), ctx.generator(), tasks, dialogs, status,
                () -> stage, saveDialog);
        LimitEditor limitEditor = new LimitEditor(ctx.inventory(), tasks);
        SshConnector connector = ctx.connector();
        SyncModel syncModel = new SyncModel();
        FleetActions fleetActions = new FleetActions(new FleetActions.Services(ctx.fleet(), connector, tasks),
                new FleetActions.Models(syncModel, servers, status),
                new FleetActions.Window(dialogs, new HostKeyDialog(dialogs), this::showSyncTab, this::notifyFinished));
        SyncActions syncActions = fleetActions;
        controllers.register(SyncController.class, () -> new SyncController(syncModel, fleetActions));
        ImportActions importActions = new ImportActions(ctx.importService(), tasks, views, dialogs, status,
                limitEditor);
        controllers.register(ImportReviewController.class, ImportReviewController::new);
        controllers.register(MainController.class, () -> new MainController(servers, status, appearance, this,
                serverActions, exportActions, syncActions, importActions));
        controllers.register(ServersController.class, () -> new ServersController(servers, serverActions));
        controllers.register(LimitsController.class, () -> new LimitsController(servers, limitEditor, status));
        ServerSettingsEditor settingsEditor = new ServerSettingsEditor(ctx.inventory(), tasks);
        controllers.register(ServerSettingsController.class,
                () -> new ServerSettingsController(servers, settingsEditor, status));
        liveMonitor = new LiveMonitor((server, listener) -> ConnectionMonitor.start(connector, server,
                ctx.inventory().limits(server.name()), PollPolicy.withInterval(LIVE_INTERVAL), listener),
                tasks.executor());
        LiveModel liveModel = new LiveModel();
        LiveAlerts alerts = new LiveAlerts(OverLimitAlerts.DEFAULT_QUIET, java.time.Clock.systemUTC(),
                appearance::bundle, this::notifyAlert);
        controllers.register(LiveController.class, () -> new LiveController(servers, liveMonitor, liveModel, alerts,
                this::showHistory));
        // Every server, not only the one the live view shows: the same alerts, so each is told once; every
        // AlertWatch.DEFAULT_INTERVAL (read here, not in a constant of this class: AlertWatch's logger
        // would otherwise set up logging before the first frame).
        backgroundAlerts = new BackgroundAlerts(listener -> AlertWatch.start(connector, ctx.inventory(), AlertWatch.DEFAULT_INTERVAL,
                ctx.historyCollector()::collect, listener), tasks.executor(), alerts, this::alertWatchFailed);
        controllers.register(AlertSettingsController.class,
                () -> new AlertSettingsController(backgroundAlerts.enabledProperty()));
        servers.rows().addListener((javafx.collections.ListChangeListener<ServerRow>) change -> backgroundAlerts.serversChanged());
        backgroundAlerts.enabledProperty().set(settings.alertAllServers());
        backgroundAlerts.enabledProperty().addListener((obs, was, on) -> {
            settings.setAlertAllServers(on);
            saveSettings();
        });
        geo = new LazyGeoLookup(() -> GeoDatabases.open(null, null, ctx.dataDir()));
        HistoryController.Services historyServices = new HistoryController.Services(ctx.history(),
                name -> ctx.inventory().limits(name), geo, tasks, java.util.Optional.of(ctx.serverHistory()), dialogs, status,
                saveDialog, java.time.Clock.systemUTC(), java.util.Optional.of(ctx.historyCollector()));
        controllers.register(HistoryController.class,
                () -> history = new HistoryController(servers, historyModel, historyServices));
    }

    private void showMain() {
        FxmlLoaderFactory.Loaded<MainController> loaded = views.load(FxmlView.MAIN);
        main = loaded.controller();
        main.split().setDividerPositions(settings.divider("main", DEFAULT_DIVIDER));
        if (liveMonitor != null) {
            liveMonitor.activeProperty().bind(main.liveTabShown());
        }
        main.onTabShown("history", () -> history.reload());
        scene.setRoot(oriented(loaded.root()));
    }

    private void showSyncTab() {
        if (main != null) {
            main.showTab("sync");
        }
    }

    /** The history page for a port of the selected server (null: every port). */
    private void showHistory(Integer port) {
        historyModel.portProperty().set(port);
        if (main != null) {
            main.showTab("history");
        }
    }

    /** A notice in the corner of the window when a limited port or account goes over its limit. */
    private void notifyAlert(String title, String text) {
        if (stage.isShowing()) {
            org.controlsfx.control.Notifications.create().owner(stage).title(title).text(text)
                    .hideAfter(javafx.util.Duration.seconds(10)).showWarning();
        }
    }

    /** A server the background alerts could not check, said once per failure in the status bar. */
    private void alertWatchFailed(String server, dev.portcullis.remote.RemoteException error, boolean skipped) {
        status.error(java.text.MessageFormat.format(texts().getString(skipped ? "alert.watchSkipped" : "alert.watchFailed"),
                dev.portcullis.model.TerminalText.escape(server), dev.portcullis.model.TerminalText.escape(error.oneLine())));
    }

    /** A short notice in the corner of the window when a long run ends (the user may be elsewhere). */
    private void notifyFinished(String text) {
        if (stage.isShowing()) {
            org.controlsfx.control.Notifications.create().owner(stage).title("Portcullis").text(text)
                    .hideAfter(javafx.util.Duration.seconds(6)).showInformation();
        }
    }

    private Parent oriented(Parent root) {
        root.setNodeOrientation(appearance.orientation());
        root.setStyle(appearance.fontStyle());
        return root;
    }

    // ---- WindowActions -------------------------------------------------------------------------

    @Override
    public void quit() {
        rememberLayout();
        stage.close();
        Platform.exit();
    }

    @Override
    public void showAbout() {
        FxmlLoaderFactory.Loaded<AboutController> about = views.load(FxmlView.ABOUT);
        Dialog<Void> dialog = dialogs.prepare(new Dialog<>(), "action.about", about.root());
        dialog.getDialogPane().getButtonTypes().add(dialogs.button("action.close", ButtonData.OK_DONE));
        dialog.show();
    }

    @Override
    public void changeTheme(ThemeChoice theme) {
        appearance.setTheme(theme);
        saveSettings();
    }

    /** Views take their texts from the bundle when loaded: a language switch reloads them. */
    @Override
    public void changeLanguage(LanguageChoice language) {
        if (main != null) {
            settings.setDivider("main", main.split().getDividerPositions()[0]);
        }
        appearance.setLanguage(language);
        saveSettings();
        if (context != null) {
            showMain();
        }
    }

    /** The window's texts in the current language. */
    private ResourceBundle texts() {
        return appearance.bundle();
    }

    // ---- layout memory -------------------------------------------------------------------------

    private void restoreBounds() {
        settings.windowBounds().filter(b -> !Screen.getScreensForRectangle(b.x(), b.y(), b.width(), b.height()).isEmpty())
                .ifPresentOrElse(b -> {
                    stage.setX(b.x());
                    stage.setY(b.y());
                    stage.setWidth(b.width());
                    stage.setHeight(b.height());
                    stage.setMaximized(b.maximized());
                }, () -> {
                    Rectangle2D screen = Screen.getPrimary().getVisualBounds();
                    stage.setWidth(Math.min(DEFAULT_WIDTH, screen.getWidth()));
                    stage.setHeight(Math.min(DEFAULT_HEIGHT, screen.getHeight()));
                    stage.centerOnScreen();
                });
    }

    private void rememberLayout() {
        if (!stage.isMaximized() && stage.getWidth() > 0) {
            settings.setWindowBounds(new UiSettings.WindowBounds(stage.getX(), stage.getY(), stage.getWidth(),
                    stage.getHeight(), false));
        } else if (stage.isMaximized()) {
            settings.windowBounds().ifPresent(b -> settings.setWindowBounds(
                    new UiSettings.WindowBounds(b.x(), b.y(), b.width(), b.height(), true)));
        }
        if (main != null) {
            settings.setDivider("main", main.split().getDividerPositions()[0]);
        }
        saveSettings();
    }

    private void saveSettings() {
        Runnable save = settings.saver();
        tasks.run(save::run).start();
    }

    /** Closes everything this window opened; waits briefly for the settings to be written. */
    public void close() {
        unlocker.cancel();
        if (liveMonitor != null) {
            liveMonitor.close();
        }
        if (backgroundAlerts != null) {
            backgroundAlerts.close();
        }
        tasks.close();
        if (geo != null) {
            geo.close();
        }
        unlocker.close();
    }

    // ---- for tests and tools -------------------------------------------------------------------

    AppContext context() {
        return context;
    }

    ServersModel servers() {
        return servers;
    }

    BackgroundAlerts backgroundAlerts() {
        return backgroundAlerts;
    }

    Window window() {
        return stage;
    }
}
