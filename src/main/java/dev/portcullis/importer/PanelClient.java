package dev.portcullis.importer;

/**
 * One account of an inbound as the panel or config knows it.
 *
 * @param email   the account name (x-ui's "email"), may be empty
 * @param limitIp the panel's cap on distinct client addresses; 0 means none
 * @param enabled false when the panel switched the account off
 */
public record PanelClient(String email, int limitIp, boolean enabled) {

    public PanelClient {
        email = email == null ? "" : email;
        limitIp = Math.max(0, limitIp);
    }
}
