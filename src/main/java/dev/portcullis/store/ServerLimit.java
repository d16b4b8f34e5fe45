package dev.portcullis.store;

import dev.portcullis.model.LimitEntry;

/** A limit entry together with the name of the server it belongs to (for listings). */
public record ServerLimit(String server, LimitEntry entry) {
}
