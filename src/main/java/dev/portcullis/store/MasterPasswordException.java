package dev.portcullis.store;

/** The master password is missing, unacceptable or wrong. The message never contains it. */
public class MasterPasswordException extends StoreException {
    private static final long serialVersionUID = 1L;

    public MasterPasswordException(String message) {
        super(message);
    }

    public static MasterPasswordException wrong() {
        return new MasterPasswordException("wrong master password: it does not open the secrets stored in this data directory");
    }
}
