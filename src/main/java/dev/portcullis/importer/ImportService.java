package dev.portcullis.importer;

import dev.portcullis.importer.ImportException.Kind;
import dev.portcullis.model.LimitEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * The import as the window and the command line use it: {@link #propose} reads the server's panel
 * and plans it against the stored entries without saving anything; after the operator's review,
 * {@link #save} writes the new and updated entries, all or nothing. Blocking: call it off the FX thread.
 */
public final class ImportService {

    private final PanelHostOpener opener;
    private final LimitBook book;
    private final PanelFetcher fetcher;
    private final Proposer proposer = new Proposer();
    private final ImportPlanner planner = new ImportPlanner();

    public ImportService(PanelHostOpener opener, LimitBook book) {
        this(opener, book, new PanelFetcher());
    }

    ImportService(PanelHostOpener opener, LimitBook book, PanelFetcher fetcher) {
        this.opener = opener;
        this.book = book;
        this.fetcher = fetcher;
    }

    /** Reads the server's panel over SSH and returns the review; saves nothing. */
    public ImportPlan propose(String server, ImportOptions options) {
        FetchedPanel panel;
        try (PanelHostOpener.Session session = opener.open(server)) {
            panel = fetcher.fetch(session);
        }
        return plan(server, panel, options);
    }

    /** Plans what was read already (e.g. local files) against the server's stored entries. */
    public ImportPlan plan(String server, FetchedPanel panel, ImportOptions options) {
        Proposals proposals = proposer.propose(panel.inbounds(), options);
        List<String> notes = new ArrayList<>(panel.notes());
        notes.addAll(proposals.notes());
        return planner.plan(server, panel.sources(), new Proposals(proposals.proposals(), notes, proposals.accounts()),
                book.limits(server), panel.warnings());
    }

    /**
     * Saves the plan's new and updated entries. Refuses, writing nothing, when the server's entries
     * changed since the review.
     *
     * @return the number of entries written
     */
    public int save(ImportPlan plan) {
        List<LimitEntry> now = book.limits(plan.server());
        for (PlannedChange change : plan.writes()) {
            if (change.existing() != null && !now.contains(change.existing())) {
                throw new ImportException(Kind.CHANGED, "the entries of " + plan.server() + " changed since the review (port "
                        + change.existing().port() + "); import again");
            }
            if (change.kind() == ChangeKind.NEW && now.stream().anyMatch(e -> e.clashesWith(change.result()))) {
                throw new ImportException(Kind.CHANGED, "the entries of " + plan.server() + " changed since the review (port "
                        + change.result().port() + " is limited now); import again");
            }
        }
        List<PlannedChange> writes = plan.writes();
        if (!writes.isEmpty()) {
            book.apply(plan.server(), writes);
        }
        return writes.size();
    }
}
