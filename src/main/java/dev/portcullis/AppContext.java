package dev.portcullis;

import dev.portcullis.store.Database;
import dev.portcullis.store.Inventory;
import dev.portcullis.store.KnownHostRepository;
import dev.portcullis.store.LimitRepository;
import dev.portcullis.store.MasterPasswordSource;
import dev.portcullis.store.SecretRepository;
import dev.portcullis.store.ServerRepository;
import dev.portcullis.store.Vault;
import dev.portcullis.store.VaultRepository;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The services of one data directory, wired by constructors in this one place. The command line
 * and the window each create one and close it when done (closing releases the database file).
 */
public final class AppContext implements AutoCloseable {

    private final Path dataDir;
    private final Database database;
    private final Vault vault;
    private final Inventory inventory;

    private AppContext(Path dataDir, Database database, MasterPasswordSource passwords) {
        this.dataDir = dataDir;
        this.database = database;
        this.vault = new Vault(database, new VaultRepository(), passwords);
        this.inventory = new Inventory(database, vault, new ServerRepository(), new SecretRepository(),
                new LimitRepository(), new KnownHostRepository());
    }

    public static AppContext open(Path dataDir, MasterPasswordSource passwords) {
        return open(dataDir, passwords, Database.DEFAULT_LOCK_WAIT);
    }

    public static AppContext open(Path dataDir, MasterPasswordSource passwords, Duration lockWait) {
        return new AppContext(dataDir, Database.open(dataDir, lockWait), passwords);
    }

    public Path dataDir() {
        return dataDir;
    }

    public Database database() {
        return database;
    }

    public Vault vault() {
        return vault;
    }

    public Inventory inventory() {
        return inventory;
    }

    @Override
    public void close() {
        database.close();
    }
}
