package dev.portcullis.importer;

/**
 * Whether the panel lets an inbound or a client be used, and if not, why. The panels stop
 * serving an account when its expiry time passes or its traffic is used up (3x-ui and alireza0
 * x-ui mark it in {@code client_traffics.enable}, the account's own settings still say enabled).
 */
public enum ServeState {
    /** Served. */
    ACTIVE("served"),
    /** Switched off by the operator in the panel. */
    DISABLED("switched off in the panel"),
    /** Its expiry time has passed. */
    EXPIRED("expired"),
    /** Its traffic allowance is used up. */
    USED_UP("used up its traffic"),
    /** The panel stopped serving it (time or traffic ran out) though neither shows here any more. */
    STOPPED("stopped by the panel (time or traffic ran out)");

    private final String text;

    ServeState(String text) {
        this.text = text;
    }

    /** For the review: "expired", "switched off in the panel", ... */
    public String text() {
        return text;
    }

    /**
     * The state the panels derive from usage: expired when {@code expiryTime} (epoch milliseconds,
     * 0 or negative for none or not started yet) is not after {@code nowMillis}, used up when
     * {@code total} is set and {@code up + down} reaches it.
     */
    static ServeState fromUsage(long up, long down, long total, long expiryTime, long nowMillis) {
        if (expiryTime > 0 && expiryTime <= nowMillis) {
            return EXPIRED;
        }
        if (total > 0 && up + down >= total) {
            return USED_UP;
        }
        return ACTIVE;
    }
}
