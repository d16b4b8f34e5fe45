package dev.portcullis.ui.limits;

import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.ValidationException;
import dev.portcullis.rules.LimitsConf;
import dev.portcullis.store.Inventory;
import dev.portcullis.ui.fx.BackgroundTasks;
import java.util.List;
import java.util.function.Consumer;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The entries of the selected server as the table shows them, and their round trips to the store
 * on a background thread. The table only changes after the store accepted a change, so what is on
 * screen is what is stored.
 */
public final class LimitEditor {

    private final Inventory inventory;
    private final BackgroundTasks tasks;
    private final ObservableList<LimitEntry> entries = FXCollections.observableArrayList();
    private String server;

    public LimitEditor(Inventory inventory, BackgroundTasks tasks) {
        this.inventory = inventory;
        this.tasks = tasks;
    }

    public ObservableList<LimitEntry> entries() {
        return entries;
    }

    /** Shows the entries of the named server (none when null); a failure goes to the status bar. */
    public void show(String serverName) {
        this.server = serverName;
        if (serverName == null) {
            entries.clear();
            return;
        }
        tasks.supply(() -> inventory.limits(serverName))
                .onSuccess(list -> {
                    // A slow load for a server no longer selected must not overwrite the current one.
                    if (serverName.equals(server)) {
                        entries.setAll(sorted(list));
                    }
                })
                .start();
    }

    public String server() {
        return server;
    }

    /**
     * Stores the entry (new or replacing the one on its port, protocol and account), then shows it. A refused
     * value goes to {@code onRefused}; any other failure to the status bar.
     */
    public void save(LimitEntry entry, Runnable onSaved, Consumer<ValidationException> onRefused) {
        String target = server;
        tasks.supply(() -> {
            inventory.setLimit(target, entry);
            return inventory.limits(target);
        }).onSuccess(list -> {
            if (target.equals(server)) {
                entries.setAll(sorted(list));
            }
            onSaved.run();
        }).onError(ValidationException.class, onRefused).start();
    }

    public void remove(LimitEntry entry, Consumer<ValidationException> onRefused) {
        String target = server;
        tasks.supply(() -> {
            inventory.removeLimit(target, entry.port(), entry.protocol(), entry.account());
            return inventory.limits(target);
        }).onSuccess(list -> {
            if (target.equals(server)) {
                entries.setAll(sorted(list));
            }
        }).onError(ValidationException.class, onRefused).start();
    }

    private static List<LimitEntry> sorted(List<LimitEntry> list) {
        return list.stream().sorted(LimitsConf.ORDER).toList();
    }
}
