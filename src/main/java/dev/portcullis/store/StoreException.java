package dev.portcullis.store;

/** An operation on the local store failed (not the user's input): the command exits with status 1. */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
