package dev.portcullis.importer;

/** What saving a proposal would do to the server's entries. */
public enum ChangeKind {
    /** No entry on the port yet: one is added. */
    NEW("new"),
    /** An entry on the port exists and differs: it is updated in place, never duplicated. */
    UPDATED("update"),
    /** An entry on the port already says the same. */
    UNCHANGED("same"),
    /**
     * The port has separate tcp and udp entries that the proposal would merge, or one entry for both that
     * separate tcp and udp proposals would split: left for the operator.
     */
    CONFLICT("conflict");

    private final String id;

    ChangeKind(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** True when saving writes something. */
    public boolean writes() {
        return this == NEW || this == UPDATED;
    }
}
