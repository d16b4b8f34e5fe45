package dev.portcullis.ui.servers;

import dev.portcullis.model.Network;
import dev.portcullis.model.ServerSettings;
import dev.portcullis.model.ValidationException;
import dev.portcullis.store.Inventory;
import dev.portcullis.ui.fx.BackgroundTasks;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The selected server's settings for account entries (its access log and allowed networks) as the
 * settings pane shows them, and their round trips to the store on a background thread. What is
 * shown changes only after the store accepted a change, so what is on screen is what is stored.
 */
public final class ServerSettingsEditor {

    private final Inventory inventory;
    private final BackgroundTasks tasks;
    private final ObservableList<Network> allowed = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper accessLog = new ReadOnlyStringWrapper("");
    private String server;

    public ServerSettingsEditor(Inventory inventory, BackgroundTasks tasks) {
        this.inventory = inventory;
        this.tasks = tasks;
    }

    /** The allowed networks, canonical and sorted. */
    public ObservableList<Network> allowed() {
        return allowed;
    }

    /** The stored access-log path ("": found from the proxy's config). */
    public ReadOnlyStringProperty accessLog() {
        return accessLog.getReadOnlyProperty();
    }

    public String server() {
        return server;
    }

    /** Shows the settings of the named server (none when null); a failure goes to the status bar. */
    public void show(String serverName) {
        this.server = serverName;
        if (serverName == null) {
            apply(ServerSettings.NONE);
            return;
        }
        tasks.supply(() -> inventory.settings(serverName))
                .onSuccess(settings -> {
                    // A slow load for a server no longer selected must not overwrite the current one.
                    if (serverName.equals(server)) {
                        apply(settings);
                    }
                })
                .start();
    }

    /** Stores the access-log path ("" to find it from the proxy's config). */
    public void setAccessLog(String path, Runnable onSaved, Consumer<ValidationException> onRefused) {
        String target = server;
        change(() -> {
            inventory.setAccessLog(target, path);
            return true;
        }, target, changed -> onSaved.run(), onRefused);
    }

    /** Allows the network; {@code onDone} is told whether it was new. */
    public void allow(Network network, Consumer<Boolean> onDone, Consumer<ValidationException> onRefused) {
        String target = server;
        change(() -> inventory.allow(target, network), target, onDone, onRefused);
    }

    /** Takes the network off the allowed ones. */
    public void disallow(Network network, Consumer<Boolean> onDone, Consumer<ValidationException> onRefused) {
        String target = server;
        change(() -> inventory.disallow(target, network), target, onDone, onRefused);
    }

    private interface Change {
        boolean apply();
    }

    private void change(Change change, String target, Consumer<Boolean> onDone, Consumer<ValidationException> onRefused) {
        tasks.supply(() -> {
            boolean changed = change.apply();
            return new Result(changed, inventory.settings(target));
        }).onSuccess(result -> {
            if (target.equals(server)) {
                apply(result.settings());
            }
            onDone.accept(result.changed());
        }).onError(ValidationException.class, onRefused).start();
    }

    private record Result(boolean changed, ServerSettings settings) {
    }

    private void apply(ServerSettings settings) {
        accessLog.set(settings.accessLog());
        allowed.setAll(settings.allowed());
    }
}
