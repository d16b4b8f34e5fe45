package dev.portcullis.importer;

import dev.portcullis.model.LimitEntry;
import java.util.List;

/**
 * The review shown before anything is saved.
 *
 * @param server      the server the entries belong to
 * @param sources     what was read (database and config paths)
 * @param changes     one per proposal, in port order
 * @param disappeared existing entries no inbound matches any more: reported, never deleted
 * @param notes       skipped inbounds and facts that concern no entry
 * @param warnings    problems with the whole import (e.g. a PostgreSQL panel database)
 */
public record ImportPlan(String server, List<String> sources, List<PlannedChange> changes,
                         List<LimitEntry> disappeared, List<String> notes, List<String> warnings) {

    public ImportPlan {
        sources = List.copyOf(sources);
        changes = List.copyOf(changes);
        disappeared = List.copyOf(disappeared);
        notes = List.copyOf(notes);
        warnings = List.copyOf(warnings);
    }

    /** The changes that saving writes (new and updated entries). */
    public List<PlannedChange> writes() {
        return changes.stream().filter(c -> c.kind().writes()).toList();
    }

    public long count(ChangeKind kind) {
        return changes.stream().filter(c -> c.kind() == kind).count();
    }
}
