package dev.portcullis.store;

import dev.portcullis.model.LimitEntry;

/**
 * One part of {@link Inventory#changeLimits}: the stored entry {@code old} (null for a new entry)
 * is replaced by {@code entry}, which may differ from it in protocol (e.g. tcp becoming both).
 */
public record LimitChange(LimitEntry old, LimitEntry entry) {

    public LimitChange {
        if (entry == null) {
            throw new IllegalArgumentException("a change needs the entry to store");
        }
        if (old != null && old.port() != entry.port()) {
            throw new IllegalArgumentException("a change keeps the port: " + old.port() + " -> " + entry.port());
        }
    }
}
