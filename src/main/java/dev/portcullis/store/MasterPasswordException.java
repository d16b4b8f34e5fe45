package dev.portcullis.store;

/**
 * The master password is missing, unacceptable or wrong; {@link #kind()} says which. The message
 * never contains it.
 */
public class MasterPasswordException extends StoreException {
    private static final long serialVersionUID = 1L;

    /** Why the master password was not accepted. */
    public enum Kind {
        /** None was given (no environment variable and no terminal, or the prompt was abandoned). */
        NOT_GIVEN,
        /** It does not open the stored secrets. */
        WRONG,
        /** A new one shorter than {@link MasterPasswordCheck#MIN_LENGTH} characters. */
        TOO_SHORT,
        /** A new one too easy to guess. */
        WEAK,
        /** A new one typed twice differently. */
        MISMATCH
    }

    private final Kind kind;

    public MasterPasswordException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static MasterPasswordException wrong() {
        return new MasterPasswordException(Kind.WRONG,
                "wrong master password: it does not open the secrets stored in this data directory");
    }
}
