package dev.portcullis.ui.history;

import java.time.Duration;

/** The periods the history page offers. */
public enum HistoryPeriod {
    DAY("24h", Duration.ofHours(24)),
    WEEK("7d", Duration.ofDays(7)),
    MONTH("30d", Duration.ofDays(30));

    private final String id;
    private final Duration length;

    HistoryPeriod(String id, Duration length) {
        this.id = id;
        this.length = length;
    }

    /** "24h", "7d", "30d": the key suffix of its label and the node id of its button. */
    public String id() {
        return id;
    }

    public Duration length() {
        return length;
    }
}
