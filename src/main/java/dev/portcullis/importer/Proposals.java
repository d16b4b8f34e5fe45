package dev.portcullis.importer;

import java.util.List;

/**
 * Everything read from a server turned into suggestions.
 *
 * @param proposals one per port and protocol
 * @param notes     inbounds that were skipped and why, and other facts that concern no entry
 * @param accounts  account entries for the clients of shared ports, one per port, protocol and client
 */
public record Proposals(List<Proposal> proposals, List<String> notes, List<Proposal> accounts) {

    public Proposals {
        proposals = List.copyOf(proposals);
        notes = List.copyOf(notes);
        accounts = List.copyOf(accounts);
    }

    /** Port entries only. */
    public Proposals(List<Proposal> proposals, List<String> notes) {
        this(proposals, notes, List.of());
    }

    /** Port and account proposals together. */
    public List<Proposal> all() {
        return java.util.stream.Stream.concat(proposals.stream(), accounts.stream()).toList();
    }
}
