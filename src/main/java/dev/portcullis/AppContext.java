package dev.portcullis;

import dev.portcullis.fleet.FleetSync;
import dev.portcullis.fleet.SyncResult;
import dev.portcullis.importer.ImportService;
import dev.portcullis.importer.InventoryLimitBook;
import dev.portcullis.model.Server;
import dev.portcullis.remote.CredentialSource;
import dev.portcullis.remote.Deployer;
import dev.portcullis.remote.GeneratedScripts;
import dev.portcullis.remote.HistoryCollector;
import dev.portcullis.remote.InMemoryHostKeyStore;
import dev.portcullis.remote.InventoryTrust;
import dev.portcullis.remote.RemoteException;
import dev.portcullis.remote.ScriptSource;
import dev.portcullis.remote.ServerHistory;
import dev.portcullis.remote.SshConnector;
import dev.portcullis.remote.SshPanelHosts;
import dev.portcullis.remote.SshSettings;
import dev.portcullis.remote.SshThreads;
import dev.portcullis.remote.TelegramSecrets;
import dev.portcullis.rules.ScriptGenerator;
import dev.portcullis.store.AddressDayRepository;
import dev.portcullis.store.AllowedNetworkRepository;
import dev.portcullis.store.Database;
import dev.portcullis.store.HistorySettingsRepository;
import dev.portcullis.store.HistoryStore;
import dev.portcullis.store.Inventory;
import dev.portcullis.store.KnownHostRepository;
import dev.portcullis.store.LimitRepository;
import dev.portcullis.store.MasterPasswordSource;
import dev.portcullis.store.SecretKind;
import dev.portcullis.store.SecretRepository;
import dev.portcullis.store.ServerRepository;
import dev.portcullis.store.Vault;
import dev.portcullis.store.VaultRepository;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: every service of one data directory (store, SSH, deploy, fleet, import),
 * wired by constructors in this one place. The command line and the window each open one, take
 * their services from it and close it when done; closing ends the SSH threads it created and
 * releases the database file.
 */
public final class AppContext implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AppContext.class);

    private final Path dataDir;
    private final Database database;
    private final Vault vault;
    private final Inventory inventory;
    private final ScriptGenerator generator = new ScriptGenerator();
    private final SshThreads sshThreads = new SshThreads();
    private final SshConnector connector;
    private final FleetSync fleet;
    private final ImportService importService;
    private final HistoryStore history;
    private final ServerHistory serverHistory;
    private final HistoryCollector historyCollector;

    private AppContext(Path dataDir, Database database, MasterPasswordSource passwords, SshSettings ssh) {
        this.dataDir = dataDir;
        this.database = database;
        this.vault = new Vault(database, new VaultRepository(), passwords);
        this.inventory = new Inventory(database, vault, new ServerRepository(), new SecretRepository(),
                new LimitRepository(), new KnownHostRepository(), new AllowedNetworkRepository());
        ScriptSource scripts = new GeneratedScripts(generator, server -> inventory.settings(server.name()),
                server -> inventory.limits(server.name()), this::telegram);
        InventoryTrust trust = new InventoryTrust(inventory);
        this.connector = new SshConnector(trust, trust, ssh, sshThreads);
        this.history = new HistoryStore(database, new AddressDayRepository(), new HistorySettingsRepository());
        this.serverHistory = new ServerHistory(connector);
        this.historyCollector = new HistoryCollector(serverHistory, history, Clock.systemUTC());
        this.fleet = new FleetSync(new Deployer(connector, scripts), this::recordSync);
        this.importService = new ImportService(new SshPanelHosts(connector, inventory::server),
                new InventoryLimitBook(inventory));
    }

    /** The server's stored Telegram settings, opened (sealed secrets) only when it has both. */
    private Optional<TelegramSecrets> telegram(Server server) {
        java.util.Set<SecretKind> kinds = inventory.secretKinds(server);
        if (!kinds.contains(SecretKind.TELEGRAM_CHAT) || !kinds.contains(SecretKind.TELEGRAM_TOKEN)) {
            return Optional.empty();
        }
        char[] chat = inventory.secret(server, SecretKind.TELEGRAM_CHAT).orElse(new char[0]);
        char[] token = inventory.secret(server, SecretKind.TELEGRAM_TOKEN).orElse(new char[0]);
        return Optional.of(new TelegramSecrets(chat, token));
    }

    /** A sync's outcome goes into the inventory; after a good one, what the server recorded into the history. */
    private void recordSync(Server server, SyncResult result) {
        inventory.recordSync(server, result.status().id());
        if (result.failed()) {
            return;
        }
        try {
            historyCollector.collect(server);
        } catch (RemoteException | RuntimeException e) {
            // The limits are in force; the history comes again with the next sync or look.
            LOG.warn("{}: history not fetched after the sync: {}", server.name(), e.getMessage());
        }
    }

    public static AppContext open(Path dataDir, MasterPasswordSource passwords) {
        return open(dataDir, passwords, Database.DEFAULT_LOCK_WAIT, SshSettings.defaults());
    }

    /**
     * @param lockWait how long to wait for another process's hold on the database
     * @param ssh      timeouts and known_hosts file of every SSH connection
     */
    public static AppContext open(Path dataDir, MasterPasswordSource passwords, Duration lockWait, SshSettings ssh) {
        Database database = Database.open(dataDir, lockWait);
        try {
            return new AppContext(dataDir, database, passwords, ssh);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
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

    /** The script generator (pure: entries in, bash text out). */
    public ScriptGenerator generator() {
        return generator;
    }

    /** SSH connections that trust the host keys and use the secrets stored in this inventory. */
    public SshConnector connector() {
        return connector;
    }

    /**
     * A connector for one server that no longer needs the data directory: its recorded host keys and
     * secrets are read now and kept in memory, so a long-running command (connections --watch) can
     * close the database and leave it to other processes. It has threads of its own (the data
     * directory's close ends those of {@link #connector()}): the caller closes it.
     */
    public SshConnector detachedConnector(Server server) {
        InventoryTrust trust = new InventoryTrust(inventory);
        InMemoryHostKeyStore keys = new InMemoryHostKeyStore();
        keys.record(server.host(), server.port(), trust.keysFor(server.host(), server.port()));
        char[] password = trust.password(server).orElse(null);
        char[] passphrase = trust.keyPassphrase(server).orElse(null);
        CredentialSource kept = new CredentialSource() {
            @Override
            public Optional<char[]> password(Server s) {
                return Optional.ofNullable(password).map(char[]::clone);
            }

            @Override
            public Optional<char[]> keyPassphrase(Server s) {
                return Optional.ofNullable(passphrase).map(char[]::clone);
            }
        };
        return new SshConnector(keys, kept, connector.settings());
    }

    /** The threads of every SSH connection of this root, ended by {@link #close()}. */
    public SshThreads sshThreads() {
        return sshThreads;
    }

    /** Plan and sync of many servers; each sync's outcome is recorded in the inventory. */
    public FleetSync fleet() {
        return fleet;
    }

    /**
     * The import of x-ui / 3x-ui panels and Xray/V2Ray configs into this inventory: reads a stored
     * server over SSH ({@link ImportService#propose}), saves after review ({@link ImportService#save}).
     */
    public ImportService importService() {
        return importService;
    }

    /** The address history fetched from the servers (per day, port, account and address). */
    public HistoryStore history() {
        return history;
    }

    /** The servers' own history and "end this address's connections". */
    public ServerHistory serverHistory() {
        return serverHistory;
    }

    /** Fetches what a server recorded since the last fetch into {@link #history()}. */
    public HistoryCollector historyCollector() {
        return historyCollector;
    }

    @Override
    public void close() {
        try {
            sshThreads.close();
        } finally {
            database.close();
        }
    }
}
