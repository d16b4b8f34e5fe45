package dev.portcullis.store;

/**
 * A change was planned against entries that are no longer stored as they were (someone changed
 * them in between); nothing was written. Reading them again and planning anew is the remedy.
 */
public class StaleLimitsException extends StoreException {
    private static final long serialVersionUID = 1L;

    public StaleLimitsException(String message) {
        super(message);
    }
}
