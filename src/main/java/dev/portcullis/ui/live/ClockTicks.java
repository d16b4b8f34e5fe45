package dev.portcullis.ui.live;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import javafx.util.StringConverter;

/**
 * Tick labels of the live chart's time axis: epoch milliseconds as HH:mm on the operator's clock
 * (the zone given, the system's in the window), the clock the "polled at" label beside it uses.
 */
public final class ClockTicks extends StringConverter<Number> {

    private final DateTimeFormatter hoursMinutes;

    public ClockTicks(ZoneId zone) {
        this.hoursMinutes = DateTimeFormatter.ofPattern("HH:mm").withZone(zone);
    }

    @Override
    public String toString(Number epochMillis) {
        return hoursMinutes.format(Instant.ofEpochMilli(epochMillis.longValue()));
    }

    /** Tick labels are never parsed back. */
    @Override
    public Number fromString(String text) {
        return 0;
    }
}
