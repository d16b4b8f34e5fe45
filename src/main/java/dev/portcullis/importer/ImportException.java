package dev.portcullis.importer;

import java.util.Locale;
import java.util.Objects;

/**
 * An import failed; {@link #kind()} says how. The message is one English line naming the source and
 * what is wrong (the command line prints it); the window words its own sentence from the kind. It is
 * thrown before anything is saved, so catching it never leaves partial state behind. This is the one
 * exception an import fails with, from reading the server to saving the review.
 */
public class ImportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** How an import failed. */
    public enum Kind {
        /** The server could not be reached, or a command or download on it failed. */
        UNREACHABLE,
        /** A panel database or config was found but cannot be read (damaged, truncated, too large, not UTF-8). */
        UNREADABLE,
        /** The server has no panel database and no Xray/V2Ray config at the usual places. */
        NOTHING_FOUND,
        /** The server's stored entries changed between the review and the save; nothing was saved. */
        CHANGED,
        /** This computer could not hold the temporary copy. */
        LOCAL;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final Kind kind;

    public ImportException(Kind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind);
    }

    public ImportException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind);
    }

    public Kind kind() {
        return kind;
    }
}
