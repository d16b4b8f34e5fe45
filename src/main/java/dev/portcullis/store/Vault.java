package dev.portcullis.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.SecretKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seals and opens server secrets with a key derived from the master password.
 *
 * <p>The key is derived only when a secret is actually sealed or opened ({@link #unlock()}), so
 * commands that touch no secret never ask for the password. The first unlock of a fresh store
 * sets the master password; later unlocks check it against a sealed constant (the verifier) and
 * fail with {@link MasterPasswordException} when it is wrong, never silently.
 */
public final class Vault {

    /**
     * The fewest key derivation rounds a stored vault may name: every store was created with
     * {@link SecretCipher#ITERATIONS}, so fewer means the row was altered to make guessing cheap.
     */
    public static final int MIN_ITERATIONS = SecretCipher.ITERATIONS;
    /** The most rounds a stored vault may name: more would make unlocking hang. */
    public static final int MAX_ITERATIONS = 50 * SecretCipher.ITERATIONS;

    private static final Logger LOG = LoggerFactory.getLogger(Vault.class);
    private static final String VERIFIER_AAD = "portcullis:vault-verifier:v1";
    private static final byte[] VERIFIER_PLAINTEXT = "portcullis master password verifier".getBytes(StandardCharsets.UTF_8);

    private final Database db;
    private final VaultRepository repository;
    private final MasterPasswordSource passwords;
    private SecretKey key;

    public Vault(Database db, VaultRepository repository, MasterPasswordSource passwords) {
        this.db = db;
        this.repository = repository;
        this.passwords = passwords;
    }

    public synchronized boolean isUnlocked() {
        return key != null;
    }

    /** Derives the key (asking for the master password) unless that has been done already. */
    public synchronized void unlock() {
        if (key != null) {
            return;
        }
        Optional<VaultRepository.Params> stored = db.transaction(repository::load);
        key = stored.isPresent() ? openExisting(stored.get()) : createNew();
    }

    private SecretKey openExisting(VaultRepository.Params p) {
        if (!SecretCipher.KDF.equals(p.kdf())) {
            throw new StoreException("the secret store uses an unknown key derivation: " + p.kdf());
        }
        if (p.iterations() < MIN_ITERATIONS || p.iterations() > MAX_ITERATIONS || p.salt().length < SecretCipher.SALT_BYTES) {
            throw new VaultTamperedException(p.iterations(), p.salt().length);
        }
        char[] password = passwords.masterPassword(false);
        try {
            SecretKey candidate = SecretCipher.deriveKey(password, p.salt(), p.iterations());
            byte[] check = SecretCipher.open(candidate, p.verifier(), VERIFIER_AAD);
            if (!Arrays.equals(check, VERIFIER_PLAINTEXT)) {
                throw MasterPasswordException.wrong();
            }
            LOG.info("secret store unlocked");
            return candidate;
        } catch (AEADBadTagException e) {
            LOG.warn("wrong master password");
            throw MasterPasswordException.wrong();
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private SecretKey createNew() {
        char[] password = passwords.masterPassword(true);
        try {
            new MasterPasswordCheck().requireAcceptable(password);
            byte[] salt = SecretCipher.newSalt();
            SecretKey fresh = SecretCipher.deriveKey(password, salt, SecretCipher.ITERATIONS);
            byte[] verifier = SecretCipher.seal(fresh, VERIFIER_PLAINTEXT, VERIFIER_AAD);
            db.transaction(c -> {
                // Another process may have set a master password since we looked.
                if (repository.load(c).isPresent()) {
                    throw new StoreException("a master password was set by another process meanwhile; try again");
                }
                repository.create(c, new VaultRepository.Params(SecretCipher.KDF, SecretCipher.ITERATIONS, salt, verifier));
                return null;
            });
            LOG.info("secret store created");
            return fresh;
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** Seals a secret for its place; {@link #unlock()} must have succeeded. */
    public synchronized byte[] seal(long serverId, SecretKind kind, char[] secret) {
        requireUnlocked();
        byte[] plain = SecretCipher.utf8(secret);
        try {
            return SecretCipher.seal(key, plain, aad(serverId, kind));
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** Opens a sealed secret; {@link #unlock()} must have succeeded. */
    public synchronized char[] open(long serverId, SecretKind kind, byte[] sealed) {
        requireUnlocked();
        try {
            byte[] plain = SecretCipher.open(key, sealed, aad(serverId, kind));
            try {
                return SecretCipher.chars(plain);
            } finally {
                Arrays.fill(plain, (byte) 0);
            }
        } catch (AEADBadTagException e) {
            throw new StoreException("the stored " + kind.name().toLowerCase().replace('_', ' ')
                    + " of server " + serverId + " does not open: it was altered or moved");
        }
    }

    private void requireUnlocked() {
        if (key == null) {
            throw new IllegalStateException("the vault is locked; call unlock() first");
        }
    }

    private static String aad(long serverId, SecretKind kind) {
        return "portcullis:secret:v1:" + serverId + ":" + kind.name();
    }
}
