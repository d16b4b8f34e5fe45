package dev.portcullis.remote;

import dev.portcullis.model.Server;
import java.util.Optional;

/**
 * Secrets for a server, fetched only at the moment a connection needs them (the store keeps them
 * sealed with the master password). Callers wipe the returned arrays after use.
 */
public interface CredentialSource {

    /** The login password (also fed to {@code sudo -S}); empty when none is stored. */
    Optional<char[]> password(Server server);

    /** The passphrase of the server's private key file; empty when the key has none. */
    Optional<char[]> keyPassphrase(Server server);

    /** No secrets at all: key files without passphrase, root or passwordless sudo. */
    static CredentialSource none() {
        return new CredentialSource() {
            @Override
            public Optional<char[]> password(Server server) {
                return Optional.empty();
            }

            @Override
            public Optional<char[]> keyPassphrase(Server server) {
                return Optional.empty();
            }
        };
    }
}
