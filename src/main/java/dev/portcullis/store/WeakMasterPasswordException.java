package dev.portcullis.store;

/** A new master password was refused as too short or too easy to guess; {@link #result()} says how strong it was. */
public final class WeakMasterPasswordException extends MasterPasswordException {
    private static final long serialVersionUID = 1L;

    private final transient MasterPasswordCheck.Result result;

    public WeakMasterPasswordException(MasterPasswordCheck.Result result, String message) {
        super(result.tooShort() ? Kind.TOO_SHORT : Kind.WEAK, message);
        this.result = result;
    }

    public MasterPasswordCheck.Result result() {
        return result;
    }
}
