package dev.portcullis.remote;

/**
 * One difference between what the store expects and what a server has.
 *
 * @param kind   what sort of difference
 * @param target the entry it concerns, e.g. {@code 443/tcp}, or {@code *} for the whole server
 * @param detail human-readable, one line
 */
public record Change(Kind kind, String target, String detail) {

    public enum Kind {
        /** Nothing of Portcullis is installed on the server. */
        NOT_INSTALLED("not installed"),
        /** An entry the store has and the server's limits.conf lacks. */
        ADD("add"),
        /** An entry only the server has (added there by hand, or deleted from the store). */
        REMOVE("remove"),
        /** An entry both have, with different values (changed in the store or edited on the server). */
        CHANGE("change"),
        /** limits.conf says so, but the kernel rule is not there. */
        RULE_MISSING("rule missing"),
        /** A kernel rule in chain PORTCULLIS that no entry explains. */
        RULE_EXTRA("rule extra"),
        /** limits.conf on the server differs from the generated one in ways entries do not show. */
        CONF_DIFFERS("limits.conf differs"),
        /**
         * The server's Telegram settings file is missing, differs from the store's settings, or is not
         * known; a sync writes it without re-applying the rules.
         */
        TELEGRAM("telegram");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    @Override
    public String toString() {
        return kind.id() + " " + target + (detail.isEmpty() ? "" : ": " + detail);
    }
}
