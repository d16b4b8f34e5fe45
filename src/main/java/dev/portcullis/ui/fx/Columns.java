package dev.portcullis.ui.fx;

import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.TableColumn;

/** Table-column setup shared by the views. */
public final class Columns {

    private Columns() {
    }

    /** Shows in {@code column} the value {@code value} computes from each row (a fixed value, not a live property). */
    public static <S, T> void show(TableColumn<S, T> column, Function<? super S, ? extends T> value) {
        column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(value.apply(c.getValue())));
    }
}
