package dev.portcullis.importer;

/**
 * One account of an inbound as the panel or config knows it.
 *
 * @param email   the account name (x-ui's "email"), may be empty
 * @param limitIp the panel's cap on distinct client addresses; 0 means none
 * @param state   whether the panel serves the account, and if not, why
 */
public record PanelClient(String email, int limitIp, ServeState state) {

    public PanelClient {
        email = email == null ? "" : email;
        limitIp = Math.max(0, limitIp);
        state = state == null ? ServeState.ACTIVE : state;
    }

    /** An account that is served, or switched off in the panel. */
    public PanelClient(String email, int limitIp, boolean enabled) {
        this(email, limitIp, enabled ? ServeState.ACTIVE : ServeState.DISABLED);
    }

    /** True when the panel serves the account. */
    public boolean enabled() {
        return state == ServeState.ACTIVE;
    }

    PanelClient withState(ServeState newState) {
        return new PanelClient(email, limitIp, newState);
    }
}
