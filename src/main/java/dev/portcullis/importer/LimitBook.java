package dev.portcullis.importer;

import dev.portcullis.model.LimitEntry;
import java.util.List;

/** What the import needs of the store: a server's entries, and writing several at once. */
public interface LimitBook {

    List<LimitEntry> limits(String server);

    /**
     * Stores new entries and replaces the existing ones they were planned against (which may differ
     * in protocol), all or nothing.
     */
    void apply(String server, List<PlannedChange> writes);
}
