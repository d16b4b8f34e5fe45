package dev.portcullis.store;

import java.util.Arrays;

/**
 * Secrets given with a server. A null field means "none given" (on update: keep what is stored).
 * {@link #wipe()} clears the arrays once they are sealed.
 */
public record ServerSecrets(char[] password, char[] keyPassphrase) {

    public static final ServerSecrets NONE = new ServerSecrets(null, null);

    public boolean isEmpty() {
        return password == null && keyPassphrase == null;
    }

    public void wipe() {
        if (password != null) {
            Arrays.fill(password, '\0');
        }
        if (keyPassphrase != null) {
            Arrays.fill(keyPassphrase, '\0');
        }
    }

    /** Never shows the secrets, even by accident in a log line. */
    @Override
    public String toString() {
        return "ServerSecrets[password=" + (password == null ? "none" : "***")
                + ", keyPassphrase=" + (keyPassphrase == null ? "none" : "***") + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServerSecrets other && Arrays.equals(password, other.password)
                && Arrays.equals(keyPassphrase, other.keyPassphrase);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(password) + Arrays.hashCode(keyPassphrase);
    }
}
