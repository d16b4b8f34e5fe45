package dev.portcullis.ui.servers;

import dev.portcullis.model.Server;
import dev.portcullis.model.ValidationException;
import dev.portcullis.store.Inventory;
import dev.portcullis.store.LastSync;
import dev.portcullis.ui.fx.BackgroundTasks;
import dev.portcullis.ui.fx.Dialogs;
import dev.portcullis.ui.fx.FxmlLoaderFactory;
import dev.portcullis.ui.fx.FxmlView;
import dev.portcullis.ui.main.StatusModel;
import java.util.List;
import java.util.Map;
import javafx.event.ActionEvent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar.ButtonData;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;

/**
 * Adding, editing and removing servers: opens the form, stores through the {@link Inventory} on a
 * background thread, and refreshes the shared model. The form stays open on a refusal (for
 * example a duplicate name) and shows why; nothing is stored then.
 */
public final class ServerActions {

    private final Inventory inventory;
    private final BackgroundTasks tasks;
    private final FxmlLoaderFactory views;
    private final Dialogs dialogs;
    private final ServersModel model;
    private final StatusModel status;

    public ServerActions(Inventory inventory, BackgroundTasks tasks, FxmlLoaderFactory views, Dialogs dialogs,
                         ServersModel model, StatusModel status) {
        this.inventory = inventory;
        this.tasks = tasks;
        this.views = views;
        this.dialogs = dialogs;
        this.model = model;
        this.status = status;
    }

    /** Loads the server list from the store. */
    public void reload() {
        tasks.supply(() -> new Stored(inventory.servers(), inventory.lastSyncs()))
                .onSuccess(stored -> model.replaceAll(stored.servers(), stored.lastSyncs()))
                .start();
    }

    /** The servers and their last syncs, read together in the background. */
    private record Stored(List<Server> servers, Map<String, LastSync> lastSyncs) {
    }

    public void add() {
        openForm(null);
    }

    public void edit(ServerRow row) {
        openForm(row.server());
    }

    public void remove(ServerRow row) {
        String name = row.name();
        if (!dialogs.confirm("action.removeServer", dialogs.format("confirm.removeServer", name), "action.remove")) {
            return;
        }
        tasks.run(() -> inventory.removeServer(name))
                .onSuccess(v -> {
                    status.info(dialogs.format("status.removed", name));
                    reload();
                })
                .start();
    }

    private void openForm(Server existing) {
        FxmlLoaderFactory.Loaded<ServerFormController> view = views.load(FxmlView.SERVER_FORM);
        ServerFormController form = view.controller();
        form.fill(existing);
        Dialog<ButtonType> dialog = dialogs.prepare(new Dialog<>(),
                existing == null ? "action.addServer" : "action.editServer", view.root());
        ButtonType save = dialogs.button("action.save", ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(save, dialogs.button("action.cancel", ButtonData.CANCEL_CLOSE));
        Button saveButton = (Button) dialog.getDialogPane().lookupButton(save);
        saveButton.setId("saveServerButton");
        saveButton.disableProperty().bind(form.invalidProperty());
        saveButton.addEventFilter(ActionEvent.ACTION, event -> {
            // Keep the dialog open until the store has accepted the server.
            event.consume();
            ServerFormController.Draft draft;
            try {
                draft = form.draft();
            } catch (ValidationException e) {
                form.showError(e);
                return;
            }
            saveButton.disableProperty().unbind();
            saveButton.setDisable(true);
            tasks.supply(() -> existing == null
                            ? inventory.addServer(draft.server(), draft.secrets())
                            : inventory.updateServer(existing.name(), draft.server(), draft.secrets()))
                    .onSuccess(stored -> {
                        dialog.close();
                        status.info(dialogs.format("status.saved", stored.name()));
                        tasks.supply(inventory::servers).onSuccess(list -> {
                            model.replaceAll(list);
                            model.byName(stored.name()).ifPresent(model.selectedProperty()::set);
                            List<String> same = Inventory.othersAtSameAddress(stored, list).stream()
                                    .map(Server::name).toList();
                            if (!same.isEmpty()) {
                                status.info(dialogs.format("status.sameAddress", stored.name(), String.join(", ", same),
                                        stored.host() + ":" + stored.port()));
                            }
                        }).start();
                    })
                    .onError(ValidationException.class, form::showError)
                    .otherwise(form::showFailure) // shown in the open form (and logged), not behind it
                    .andFinally(() -> {
                        draft.secrets().wipe();
                        saveButton.disableProperty().bind(form.invalidProperty());
                    })
                    .start();
        });
        dialog.show();
    }
}
