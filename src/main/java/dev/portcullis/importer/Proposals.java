package dev.portcullis.importer;

import java.util.List;

/**
 * Everything read from a server turned into suggestions.
 *
 * @param proposals one per port and protocol
 * @param notes     inbounds that were skipped and why, and other facts that concern no entry
 */
public record Proposals(List<Proposal> proposals, List<String> notes) {

    public Proposals {
        proposals = List.copyOf(proposals);
        notes = List.copyOf(notes);
    }
}
