package dev.portcullis.remote;

/** Something went wrong talking to one server; {@link #reason()} says what kind of thing. */
public class RemoteException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a server operation failed, as reported per server by plan and sync. */
    public enum Reason {
        UNREACHABLE("unreachable"),
        TIMEOUT("timeout"),
        AUTH_FAILED("auth failed"),
        HOST_KEY_CHANGED("host key changed"),
        HOST_KEY_UNTRUSTED("host key untrusted"),
        NO_SUDO("no sudo"),
        SCRIPT_REFUSED("script refused"),
        VERIFY_FAILED("verify failed"),
        BUSY("busy"),
        ERROR("error");

        private final String id;

        Reason(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    private final Reason reason;

    public RemoteException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public RemoteException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** {@code reason: message}, one line. */
    public String oneLine() {
        String m = getMessage() == null ? "" : getMessage().replaceAll("\\s+", " ").strip();
        return reason.id() + ": " + m;
    }
}
