package dev.portcullis.ui.importer;

import dev.portcullis.importer.ImportException;
import dev.portcullis.importer.ImportOptions;
import dev.portcullis.importer.ImportPlan;
import dev.portcullis.importer.ImportService;
import dev.portcullis.ui.fx.BackgroundTasks;
import dev.portcullis.ui.fx.Dialogs;
import dev.portcullis.ui.fx.FxmlLoaderFactory;
import dev.portcullis.ui.fx.FxmlView;
import dev.portcullis.ui.limits.LimitEditor;
import dev.portcullis.ui.main.StatusModel;
import dev.portcullis.ui.servers.ServerRow;
import javafx.concurrent.Task;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar.ButtonData;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;

/**
 * "Import from panel…": reads the selected server's x-ui / 3x-ui panel and Xray config in the
 * background ({@link ImportService#propose}), shows the review, and saves the reviewed changes in
 * the background when the user says so; the limits table then shows them. Nothing is saved
 * without the review, and a failure is one line in the status bar.
 */
public final class ImportActions {

    private final ImportService importer;
    private final BackgroundTasks tasks;
    private final FxmlLoaderFactory views;
    private final Dialogs dialogs;
    private final StatusModel status;
    private final LimitEditor limits;

    public ImportActions(ImportService importer, BackgroundTasks tasks, FxmlLoaderFactory views, Dialogs dialogs,
                         StatusModel status, LimitEditor limits) {
        this.importer = importer;
        this.tasks = tasks;
        this.views = views;
        this.dialogs = dialogs;
        this.status = status;
        this.limits = limits;
    }

    public void importFrom(ServerRow row) {
        String server = row.name();
        status.info(dialogs.format("import.reading", server));
        Task<ImportPlan> task = tasks.supply(() -> importer.propose(server, ImportOptions.defaults()))
                .onSuccess(plan -> {
                    status.info("");
                    review(plan);
                })
                .onError(ImportException.class, e -> failed(server, e))
                .onCancel(() -> status.info(dialogs.text("import.cancelled")))
                .start();
        status.track(task);
    }

    /** Shows the review; "Save N changes" saves them in the background. */
    void review(ImportPlan plan) {
        FxmlLoaderFactory.Loaded<ImportReviewController> view = views.load(FxmlView.IMPORT_REVIEW);
        view.controller().show(plan);
        Dialog<ButtonType> dialog = dialogs.prepare(new Dialog<>(), "action.importPanel", view.root());
        int writes = plan.writes().size();
        ButtonType save = new ButtonType(dialogs.format("import.save", writes), ButtonData.OK_DONE);
        ButtonType close = dialogs.button(writes == 0 ? "action.close" : "action.cancel", ButtonData.CANCEL_CLOSE);
        dialog.getDialogPane().getButtonTypes().addAll(save, close);
        Button saveButton = (Button) dialog.getDialogPane().lookupButton(save);
        saveButton.setId("saveImportButton");
        saveButton.setDisable(writes == 0);
        dialog.getDialogPane().getStyleClass().add("import-review-dialog");
        dialog.setOnHidden(e -> {
            if (save.equals(dialog.getResult())) {
                save(plan);
            }
        });
        dialog.show();
    }

    private void save(ImportPlan plan) {
        tasks.supply(() -> importer.save(plan))
                .onSuccess(saved -> {
                    status.info(dialogs.format("import.saved", saved, plan.server()));
                    if (plan.server().equals(limits.server())) {
                        limits.show(plan.server());
                    }
                })
                .onError(ImportException.class, e -> failed(plan.server(), e))
                .start();
    }

    /**
     * One translated line chosen by the failure's kind, followed by the detail: the SSH failure itself
     * when the server could not be reached, else the import's own line (which names the source).
     */
    private void failed(String server, ImportException e) {
        Throwable detail = e.kind() == ImportException.Kind.UNREACHABLE && e.getCause() != null ? e.getCause() : e;
        status.error(dialogs.format(key(e.kind()), server, StatusModel.describe(detail)));
    }

    /** The bundle key that words an import failure of this kind. */
    public static String key(ImportException.Kind kind) {
        return "import.failed." + kind.id();
    }
}
