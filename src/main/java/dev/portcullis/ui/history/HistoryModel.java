package dev.portcullis.ui.history;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

/** What the history page shows besides the selected server: one port and one account (null: all) and the period. */
public final class HistoryModel {

    private final ObjectProperty<Integer> port = new SimpleObjectProperty<>();
    private final ObjectProperty<String> account = new SimpleObjectProperty<>();
    private final ObjectProperty<HistoryPeriod> period = new SimpleObjectProperty<>(HistoryPeriod.WEEK);

    public ObjectProperty<Integer> portProperty() {
        return port;
    }

    public ObjectProperty<String> accountProperty() {
        return account;
    }

    public ObjectProperty<HistoryPeriod> periodProperty() {
        return period;
    }
}
