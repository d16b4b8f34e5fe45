package dev.portcullis.store;

/**
 * The stored key derivation settings are outside what Portcullis ever writes (e.g. 1 round, which
 * would make the master password cheap to guess from a copy of the store): the row was altered,
 * and nothing is derived from it.
 */
public final class VaultTamperedException extends StoreException {
    private static final long serialVersionUID = 1L;

    private final int iterations;

    public VaultTamperedException(int iterations, int saltBytes) {
        super("the secret store was tampered with: it names " + iterations + " key derivation rounds and a "
                + saltBytes + "-byte salt (allowed: " + Vault.MIN_ITERATIONS + " to " + Vault.MAX_ITERATIONS
                + " rounds, a salt of at least " + SecretCipher.SALT_BYTES + " bytes); restore the data directory from a backup");
        this.iterations = iterations;
    }

    public int iterations() {
        return iterations;
    }
}
