package dev.portcullis.ui.fx;

import java.net.URL;

/**
 * Every top-level FXML file of the window, so that a typo in a path fails in one obvious place
 * (and in a test) rather than on the user's first click. Feature panes embedded with
 * {@code fx:include} are listed too: the loader factory loads them through the same controller lookup.
 */
public enum FxmlView {
    UNLOCK("unlock/unlock.fxml"),
    MAIN("main/main.fxml"),
    ABOUT("main/about.fxml"),
    SERVERS("servers/servers.fxml"),
    SERVER_FORM("servers/server-form.fxml"),
    SERVER_SETTINGS("servers/server-settings.fxml"),
    LIMITS("limits/limits.fxml"),
    SYNC("sync/sync.fxml"),
    LIVE("live/live.fxml"),
    HISTORY("history/history.fxml"),
    IMPORT_REVIEW("importer/import-review.fxml");

    private static final String BASE = "/dev/portcullis/ui/";

    private final String path;

    FxmlView(String path) {
        this.path = path;
    }

    public URL url() {
        URL url = FxmlView.class.getResource(BASE + path);
        if (url == null) {
            throw new IllegalStateException("missing FXML resource " + BASE + path);
        }
        return url;
    }
}
