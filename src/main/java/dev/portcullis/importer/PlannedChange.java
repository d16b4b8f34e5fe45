package dev.portcullis.importer;

import dev.portcullis.model.LimitEntry;

/**
 * One line of the review: a proposal and what saving it would do.
 *
 * @param kind     new, update, same or conflict
 * @param proposal what the panel suggests
 * @param existing the entry it replaces (update, same), else null
 * @param result   the entry that would be stored (for new and update); the existing one otherwise
 */
public record PlannedChange(ChangeKind kind, Proposal proposal, LimitEntry existing, LimitEntry result) {
}
