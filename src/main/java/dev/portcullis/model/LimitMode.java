package dev.portcullis.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How an entry counts: see DESIGN.md "Limit modes". */
public enum LimitMode {
    /** At most N concurrent connections to the port, all clients together. */
    CONNECTIONS("connections"),
    /** At most N concurrent connections per client address (or per v4 mask / v6 prefix). */
    CONNECTIONS_PER_IP("connections-per-ip"),
    /** At most N distinct client addresses at a time; an idle address frees its slot. */
    DEVICES("devices");

    private final String id;

    LimitMode(String id) {
        this.id = id;
    }

    /** The stable name used on the command line, in JSON, in limits.conf and in the database. */
    public String id() {
        return id;
    }

    public static LimitMode fromId(String id) {
        for (LimitMode m : values()) {
            if (m.id.equals(id)) {
                return m;
            }
        }
        throw new ValidationException(ValidationException.Field.MODE, id, "one of " + allowed());
    }

    public static String allowed() {
        return Arrays.stream(values()).map(LimitMode::id).collect(Collectors.joining(", "));
    }
}
