package dev.portcullis.remote;

import dev.portcullis.model.Server;
import dev.portcullis.store.Inventory;
import dev.portcullis.store.KnownHostKey;
import dev.portcullis.store.SecretKind;
import java.util.List;
import java.util.Optional;

/**
 * The store as deploy needs it: recorded host keys from the {@code known_host_keys} table and
 * secrets opened from the sealed store (the master password is asked for only when a secret is
 * actually needed).
 */
public final class InventoryTrust implements HostKeyStore, CredentialSource {

    private final Inventory inventory;

    public InventoryTrust(Inventory inventory) {
        this.inventory = inventory;
    }

    @Override
    public List<HostKey> keysFor(String host, int port) {
        return inventory.knownHostKeys(host, port).stream()
                .map(k -> new HostKey(k.keyType(), k.fingerprint(), k.keyBase64()))
                .toList();
    }

    @Override
    public void record(String host, int port, List<HostKey> keys) {
        inventory.trustHostKeys(host, port, keys.stream()
                .map(k -> new KnownHostKey(host, port, k.type(), k.publicKey(), k.fingerprint()))
                .toList());
    }

    @Override
    public Optional<char[]> password(Server server) {
        return inventory.secret(server, SecretKind.PASSWORD);
    }

    @Override
    public Optional<char[]> keyPassphrase(Server server) {
        return inventory.secret(server, SecretKind.KEY_PASSPHRASE);
    }
}
