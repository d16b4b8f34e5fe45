package dev.portcullis.ui.limits;

import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import javafx.scene.control.TableCell;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;

/**
 * A table cell edited as text and checked on every keystroke. While the text is not allowed the
 * cell is marked ("cell-invalid"), the reason shows in a tooltip and under the table, and Enter
 * does nothing: bad input never leaves the cell. Escape or focus loss abandons the edit.
 *
 * @param <S> row type
 */
final class ValidatingTextCell<S> extends TableCell<S, String> {

    private final Function<String, Optional<String>> check;
    private final BiConsumer<S, String> onCommit;
    private final java.util.function.Consumer<String> onProblem;
    private TextField field;

    /**
     * @param check     the problem with a text, if any (translated)
     * @param onCommit  called with the row and the accepted text
     * @param onProblem told the current problem ("" when none), to show it outside the cell too
     */
    ValidatingTextCell(Function<String, Optional<String>> check, BiConsumer<S, String> onCommit,
                       java.util.function.Consumer<String> onProblem) {
        this.check = check;
        this.onCommit = onCommit;
        this.onProblem = onProblem;
        getStyleClass().add("validating-cell");
    }

    @Override
    public void startEdit() {
        super.startEdit();
        if (!isEditing()) {
            return;
        }
        field = new TextField(getItem());
        field.getStyleClass().add("cell-editor");
        field.textProperty().addListener((obs, o, text) -> mark(check.apply(text)));
        field.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                e.consume();
                tryCommit();
            } else if (e.getCode() == KeyCode.ESCAPE) {
                cancelEdit();
            }
        });
        setText(null);
        setGraphic(field);
        field.selectAll();
        field.requestFocus();
    }

    private void tryCommit() {
        Optional<String> problem = check.apply(field.getText());
        mark(problem);
        if (problem.isPresent()) {
            return;
        }
        S row = getTableRow() == null ? null : getTableRow().getItem();
        String text = field.getText().trim();
        super.cancelEdit(); // the row changes only once the store accepted the value
        showValue(getItem());
        if (row != null && !text.equals(getItem())) {
            onCommit.accept(row, text);
        }
    }

    private void mark(Optional<String> problem) {
        getStyleClass().remove("cell-invalid");
        if (problem.isPresent()) {
            getStyleClass().add("cell-invalid");
            Tooltip tip = new Tooltip(problem.get());
            field.setTooltip(tip);
            onProblem.accept(problem.get());
        } else {
            field.setTooltip(null);
            onProblem.accept("");
        }
    }

    @Override
    public void cancelEdit() {
        super.cancelEdit();
        getStyleClass().remove("cell-invalid");
        onProblem.accept("");
        showValue(getItem());
    }

    @Override
    protected void updateItem(String item, boolean empty) {
        super.updateItem(item, empty);
        if (empty) {
            setText(null);
            setGraphic(null);
        } else if (!isEditing()) {
            showValue(item);
        }
    }

    private void showValue(String item) {
        setText(item);
        setGraphic(null);
    }
}
