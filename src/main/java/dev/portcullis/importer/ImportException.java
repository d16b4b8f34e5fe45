package dev.portcullis.importer;

/**
 * An import could not read its source (a damaged database, a truncated config, a missing file).
 * The message is one line naming the source and what is wrong; it is thrown before anything is
 * saved, so catching it never leaves partial state behind.
 */
public class ImportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ImportException(String message) {
        super(message);
    }

    public ImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
