package dev.portcullis.remote;

import dev.portcullis.model.Server;
import java.util.Optional;

/** Test credentials: the same login password, or the same key passphrase, for every server. */
final class FixedCredentials implements CredentialSource {

    private final char[] password;
    private final char[] keyPassphrase;

    private FixedCredentials(char[] password, char[] keyPassphrase) {
        this.password = password;
        this.keyPassphrase = keyPassphrase;
    }

    static FixedCredentials withPassword(String password) {
        return new FixedCredentials(password.toCharArray(), null);
    }

    static FixedCredentials withKeyPassphrase(Optional<char[]> passphrase) {
        return new FixedCredentials(null, passphrase.map(char[]::clone).orElse(null));
    }

    @Override
    public Optional<char[]> password(Server server) {
        return Optional.ofNullable(password).map(char[]::clone);
    }

    @Override
    public Optional<char[]> keyPassphrase(Server server) {
        return Optional.ofNullable(keyPassphrase).map(char[]::clone);
    }
}
