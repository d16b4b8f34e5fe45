package dev.portcullis;

import dev.portcullis.importer.ImportService;
import dev.portcullis.importer.InventoryLimitBook;
import dev.portcullis.remote.InventoryTrust;
import dev.portcullis.remote.SshConnector;
import dev.portcullis.remote.SshPanelHosts;
import dev.portcullis.remote.SshSettings;
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

    /** SSH connections that trust the host keys and use the secrets stored in this inventory. */
    public SshConnector sshConnector(SshSettings settings) {
        InventoryTrust trust = new InventoryTrust(inventory);
        return new SshConnector(trust, trust, settings);
    }

    /**
     * The import of x-ui / 3x-ui panels and Xray/V2Ray configs into this inventory: reads a stored
     * server over SSH ({@link ImportService#propose}), saves after review ({@link ImportService#save}).
     */
    public ImportService importService(SshConnector connector) {
        return new ImportService(new SshPanelHosts(connector, inventory::server), new InventoryLimitBook(inventory));
    }

    @Override
    public void close() {
        database.close();
    }
}
