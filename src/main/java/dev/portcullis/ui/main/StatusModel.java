package dev.portcullis.ui.main;

import dev.portcullis.model.TerminalText;
import dev.portcullis.model.ValidationException;
import dev.portcullis.ui.validation.FieldMessages;
import java.util.ResourceBundle;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.concurrent.Task;

/**
 * What the status bar shows: the last message and the long operation in progress (whose
 * progress bar and Cancel button it binds). Lives on the FX thread.
 */
public final class StatusModel {

    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ObjectProperty<Task<?>> running = new SimpleObjectProperty<>();
    private final Supplier<ResourceBundle> bundle;

    /** @param bundle the window's texts in its current language (a refused value is worded with them) */
    public StatusModel(Supplier<ResourceBundle> bundle) {
        this.bundle = bundle;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ObjectProperty<Task<?>> runningProperty() {
        return running;
    }

    public void info(String text) {
        error.set("");
        message.set(text);
    }

    /** Shows a failure: a refused value in the window's language, anything else as its one line. */
    public void fail(Throwable e) {
        error.set(e instanceof ValidationException refused
                ? TerminalText.escape(new FieldMessages(bundle.get()).describe(refused)) : describe(e));
    }

    /** Shows an error already worded for the user (server text in it escaped by the caller). */
    public void error(String text) {
        error.set(text);
    }

    /** Shows a long operation until it ends; its Cancel button cancels it. */
    public void track(Task<?> task) {
        running.set(task);
        task.runningProperty().addListener((obs, was, now) -> {
            if (!now && running.get() == task) {
                running.set(null);
            }
        });
    }

    /**
     * One line for the user: our own exceptions already name the value and what is allowed; server
     * text in it shows control and bidi characters escaped.
     */
    public static String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && !(t instanceof ValidationException) && t.getMessage() == null) {
            t = t.getCause();
        }
        String text = java.util.Objects.requireNonNullElse(t.getMessage(), t.getClass().getSimpleName());
        int nl = text.indexOf('\n');
        return TerminalText.escape(nl < 0 ? text : text.substring(0, nl));
    }
}
