package dev.portcullis.ui.export;

import dev.portcullis.rules.ScriptGenerator;
import dev.portcullis.store.Inventory;
import dev.portcullis.ui.fx.BackgroundTasks;
import dev.portcullis.ui.fx.Dialogs;
import dev.portcullis.ui.main.StatusModel;
import dev.portcullis.ui.servers.ServerRow;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * "Export script…" and "Copy install command": the standalone script of the selected server,
 * generated and written off the FX thread, saved where the user chooses or put on the clipboard.
 */
public final class ExportActions {

    public static final String SCRIPT_FILE_NAME = "portcullis-limits.sh";

    private final Inventory inventory;
    private final ScriptGenerator generator;
    private final BackgroundTasks tasks;
    private final Dialogs dialogs;
    private final StatusModel status;
    private final Supplier<Window> owner;
    private final Function<FileChooser, File> saveDialog;

    /**
     * @param saveDialog shows the chooser and returns the file picked (tests answer it directly,
     *                   since a native file dialog cannot be driven headless)
     */
    public ExportActions(Inventory inventory, ScriptGenerator generator, BackgroundTasks tasks, Dialogs dialogs,
                         StatusModel status, Supplier<Window> owner, Function<FileChooser, File> saveDialog) {
        this.inventory = inventory;
        this.generator = generator;
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.status = status;
        this.owner = owner;
        this.saveDialog = saveDialog;
    }

    public void exportScript(ServerRow row) {
        String name = row.name();
        FileChooser chooser = new FileChooser();
        chooser.setTitle(dialogs.text("action.exportScript"));
        chooser.setInitialFileName(SCRIPT_FILE_NAME);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(dialogs.text("export.filter"), "*.sh"));
        File file = saveDialog.apply(chooser);
        if (file == null) {
            return;
        }
        Path target = file.toPath();
        tasks.run(() -> {
            String script = generator.generate(name, inventory.settings(name), inventory.limits(name));
            Files.writeString(target, script, StandardCharsets.UTF_8);
            // The script is meant to be run with bash; make it executable where the file system can.
            target.toFile().setExecutable(true, false);
        }).onSuccess(v -> status.info(dialogs.format("status.exported", name, target)))
                .start();
    }

    public void copyInstallCommand(ServerRow row) {
        String name = row.name();
        tasks.supply(() -> InstallCommand.forScript(generator.generate(name, inventory.settings(name), inventory.limits(name))))
                .onSuccess(command -> {
                    ClipboardContent content = new ClipboardContent();
                    content.putString(command);
                    Clipboard.getSystemClipboard().setContent(content);
                    status.info(dialogs.format("status.copied", name));
                })
                .start();
    }

    /** The normal way to ask: the platform's save dialog over the main window. */
    public static Function<FileChooser, File> nativeSaveDialog(Supplier<Window> owner) {
        return chooser -> chooser.showSaveDialog(owner.get());
    }
}
