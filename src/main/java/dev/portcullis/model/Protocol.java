package dev.portcullis.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Which transport an entry limits. */
public enum Protocol {
    TCP("tcp"),
    UDP("udp"),
    BOTH("both");

    private final String id;

    Protocol(String id) {
        this.id = id;
    }

    /** The stable name used on the command line, in JSON, in limits.conf and in the database. */
    public String id() {
        return id;
    }

    public boolean coversTcp() {
        return this != UDP;
    }

    public boolean coversUdp() {
        return this != TCP;
    }

    /** True when both entries would match some of the same packets. */
    public boolean overlaps(Protocol other) {
        return (coversTcp() && other.coversTcp()) || (coversUdp() && other.coversUdp());
    }

    public static Protocol fromId(String id) {
        for (Protocol p : values()) {
            if (p.id.equals(id)) {
                return p;
            }
        }
        throw new ValidationException(ValidationException.Field.PROTOCOL, id, "one of " + allowed());
    }

    public static String allowed() {
        return Arrays.stream(values()).map(Protocol::id).collect(Collectors.joining(", "));
    }
}
