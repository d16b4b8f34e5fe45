package dev.portcullis.store;

import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.Network;
import dev.portcullis.model.Protocol;
import dev.portcullis.model.Server;
import dev.portcullis.model.ServerSettings;
import dev.portcullis.model.ValidationException.Field;
import dev.portcullis.model.ValidationException.Problem;
import dev.portcullis.model.ValidationException;
import dev.portcullis.model.Validator;
import dev.portcullis.rules.LimitsConf;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.h2.api.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's inventory as the command line and the window see it: servers with their sealed
 * secrets, and limit entries. Every change runs in one transaction and is validated before
 * anything is written, so a refusal or failure leaves the store as it was.
 */
public final class Inventory {

    private static final Logger LOG = LoggerFactory.getLogger(Inventory.class);

    private final Database db;
    private final Vault vault;
    private final ServerRepository servers;
    private final SecretRepository secrets;
    private final LimitRepository limits;
    private final KnownHostRepository hostKeys;
    private final AllowedNetworkRepository networks;

    public Inventory(Database db, Vault vault, ServerRepository servers, SecretRepository secrets,
                     LimitRepository limits, KnownHostRepository hostKeys, AllowedNetworkRepository networks) {
        this.db = db;
        this.vault = vault;
        this.servers = servers;
        this.secrets = secrets;
        this.limits = limits;
        this.hostKeys = hostKeys;
        this.networks = networks;
    }

    // ---- servers -------------------------------------------------------------------------------

    /** Stores a new server and its secrets together; returns it with its id. */
    public Server addServer(Server server, ServerSecrets given) {
        Validator.credentials(server.auth(), given.password() != null, given.keyPassphrase() != null);
        unlockIfNeeded(given);
        Server stored = refusingDuplicateName(server.name(), () -> db.transaction(c -> {
            if (servers.findByName(c, server.name()).isPresent()) {
                throw duplicateName(server.name());
            }
            Server s = servers.insert(c, server);
            putSecrets(c, s.id(), given);
            return s;
        }));
        LOG.info("added server {} ({}, auth {})", stored.name(), stored.address(), stored.auth().id());
        return stored;
    }

    /** Replaces the server named {@code currentName} by {@code changed}; secrets given replace stored ones. */
    public Server updateServer(String currentName, Server changed, ServerSecrets given) {
        unlockIfNeeded(given);
        Server stored = refusingDuplicateName(changed.name(), () -> db.transaction(c -> {
            Server old = servers.lockByName(c, currentName).orElseThrow(() -> new UnknownServerException(currentName));
            if (!currentName.equals(changed.name()) && servers.findByName(c, changed.name()).isPresent()) {
                throw duplicateName(changed.name());
            }
            if (changed.port() != old.port()) {
                for (LimitEntry e : limits.forServer(c, old.id())) {
                    Validator.notSshPort(changed, e);
                }
            }
            boolean hasPassword = given.password() != null || secrets.get(c, old.id(), SecretKind.PASSWORD).isPresent();
            boolean hasPassphrase = given.keyPassphrase() != null;
            Validator.credentials(changed.auth(), hasPassword, hasPassphrase);
            Server s = changed.withId(old.id());
            servers.update(c, s);
            putSecrets(c, s.id(), given);
            return s;
        }));
        LOG.info("updated server {} ({})", stored.name(), stored.address());
        return stored;
    }

    /** Deletes the server; its limit entries and secrets go with it (foreign keys cascade). */
    public void removeServer(String name) {
        db.transaction(c -> {
            Server s = servers.lockByName(c, name).orElseThrow(() -> new UnknownServerException(name));
            return servers.delete(c, s.id());
        });
        LOG.info("removed server {}", name);
    }

    public List<Server> servers() {
        return db.transaction(servers::all);
    }

    /**
     * The other servers stored for the same host and SSH port as {@code server}: two entries for one
     * machine share one host-key record, and syncing both applies two different sets of limits.
     */
    public List<Server> othersAtSameAddress(Server server) {
        return othersAtSameAddress(server, servers());
    }

    /** Those of {@code all} (other than {@code server} itself) stored for its host and SSH port. */
    public static List<Server> othersAtSameAddress(Server server, List<Server> all) {
        return all.stream().filter(o -> !o.name().equals(server.name()) && o.port() == server.port()
                && o.host().equalsIgnoreCase(server.host())).toList();
    }

    public Server server(String name) {
        return db.transaction(c -> servers.findByName(c, name)).orElseThrow(() -> new UnknownServerException(name));
    }

    /** Opens a stored secret of the server, asking for the master password only if there is one to open. */
    public Optional<char[]> secret(Server server, SecretKind kind) {
        Optional<byte[]> sealed = db.transaction(c -> secrets.get(c, server.id(), kind));
        if (sealed.isEmpty()) {
            return Optional.empty();
        }
        vault.unlock();
        return Optional.of(vault.open(server.id(), kind, sealed.get()));
    }

    /** Which secrets are stored for the server (without opening them or asking for the password). */
    public java.util.Set<SecretKind> secretKinds(Server server) {
        return db.transaction(c -> {
            java.util.EnumSet<SecretKind> kinds = java.util.EnumSet.noneOf(SecretKind.class);
            for (SecretKind k : SecretKind.values()) {
                if (secrets.get(c, server.id(), k).isPresent()) {
                    kinds.add(k);
                }
            }
            return kinds;
        });
    }

    public void recordSync(Server server, String status) {
        db.transaction(c -> {
            servers.recordSync(c, server.id(), status);
            return null;
        });
    }

    /** The last recorded sync of each server that has one, by server name (servers never synced are absent). */
    public java.util.Map<String, LastSync> lastSyncs() {
        return db.transaction(c -> {
            java.util.Map<String, LastSync> out = new java.util.LinkedHashMap<>();
            servers.lastSyncs(c).forEach(s -> out.put(s.server(), s));
            return out;
        });
    }

    // ---- limits --------------------------------------------------------------------------------

    /**
     * Inserts or replaces the entry for (server, port, protocol, account). Refuses, writing nothing, an
     * entry that would overlap another protocol of the same kind on the same port (two port entries, or
     * two entries of one account), or a TCP entry on the server's SSH port. Returns true when the entry is new.
     */
    public boolean setLimit(String serverName, LimitEntry entry) {
        boolean created = db.transaction(c -> {
            // The row lock makes concurrent writers to one server take turns, so two of them cannot
            // both pass the clash check with overlapping entries.
            Server s = servers.lockByName(c, serverName).orElseThrow(() -> new UnknownServerException(serverName));
            Validator.notSshPort(s, entry);
            List<LimitEntry> others = limits.forServer(c, s.id()).stream()
                    .filter(e -> !sameKey(e, entry))
                    .collect(Collectors.toList());
            Validator.noClash(others, entry);
            return limits.upsert(c, s.id(), entry);
        });
        LOG.info("{} limit {}/{}{} on {}: {} max {}{}", created ? "added" : "updated", entry.port(),
                entry.protocol().id(), entry.isAccount() ? " account " + LimitsConf.encodeLabel(entry.account()) : "",
                serverName, entry.mode().id(), entry.max(), entry.observe() ? " (observe)" : "");
        return created;
    }

    /**
     * Stores several entries of one server in one transaction, all or nothing: each change's
     * {@code old} entry must still be stored exactly as given (else {@link StaleLimitsException});
     * it is removed and the new entry stored, so an entry may change protocol (tcp to both), which
     * {@link #setLimit} refuses while the tcp row exists. The server's entries as they stand at the
     * end are then checked for clashes; any refusal or failure rolls every change back.
     *
     * @return the number of entries written
     */
    public int changeLimits(String serverName, List<LimitChange> changes) {
        int written = db.transaction(c -> {
            Server s = servers.lockByName(c, serverName).orElseThrow(() -> new UnknownServerException(serverName));
            List<LimitEntry> stored = limits.forServer(c, s.id());
            for (LimitChange change : changes) {
                Validator.notSshPort(s, change.entry());
                if (change.old() != null && !stored.contains(change.old())) {
                    throw new StaleLimitsException("nothing was saved: the entry for port " + change.old().port() + "/"
                            + change.old().protocol().id() + " of " + serverName + " changed");
                }
            }
            for (LimitChange change : changes) {
                if (change.old() != null) {
                    limits.delete(c, s.id(), change.old().port(), change.old().protocol(), change.old().account());
                }
            }
            for (LimitChange change : changes) {
                limits.upsert(c, s.id(), change.entry());
            }
            List<LimitEntry> after = limits.forServer(c, s.id());
            for (int i = 0; i < after.size(); i++) {
                Validator.noClash(after.subList(0, i), after.get(i));
            }
            return changes.size();
        });
        LOG.info("stored {} limit(s) on {} in one change", written, serverName);
        return written;
    }

    /** The port entry (not an account entry) for the port and protocol, if any. */
    public Optional<LimitEntry> limit(String serverName, int port, Protocol protocol) {
        return limits(serverName).stream()
                .filter(e -> !e.isAccount() && e.port() == port && e.protocol() == protocol).findFirst();
    }

    /** The server's port and account entries, in the canonical order of limits.conf ({@link LimitsConf#ORDER}). */
    public List<LimitEntry> limits(String serverName) {
        return db.transaction(c -> {
            Server s = servers.findByName(c, serverName).orElseThrow(() -> new UnknownServerException(serverName));
            return limits.forServer(c, s.id());
        });
    }

    public List<ServerLimit> allLimits() {
        return db.transaction(limits::all);
    }

    /**
     * Removes the server's port entries on the port (only the given protocol unless null); its account
     * entries stay.
     *
     * @throws ValidationException when there is no such entry
     */
    public int removeLimit(String serverName, int port, Protocol protocol) {
        return removeLimit(serverName, port, protocol, "");
    }

    /**
     * Removes the server's entries of {@code account} on the port ("" = its port entries), only the given
     * protocol unless null.
     *
     * @throws ValidationException when there is no such entry (or the account is not a valid one)
     */
    public int removeLimit(String serverName, int port, Protocol protocol, String account) {
        Validator.limitPort(port);
        String acct = account == null ? "" : account;
        if (!acct.isEmpty()) {
            Validator.account(acct);
        }
        int removed = db.transaction(c -> {
            Server s = servers.lockByName(c, serverName).orElseThrow(() -> new UnknownServerException(serverName));
            int n = limits.delete(c, s.id(), port, protocol, acct);
            if (n == 0) {
                String what = port + (protocol == null ? "" : "/" + protocol.id());
                if (acct.isEmpty()) {
                    throw new ValidationException(Field.PORT, Problem.NOT_LIMITED, what,
                            "a port limited on server " + serverName + " (see 'portcullis limit list " + serverName + "')");
                }
                throw new ValidationException(Field.ACCOUNT, Problem.NOT_LIMITED, acct, "an account limited on port " + what
                        + " of server " + serverName + " (see 'portcullis limit list " + serverName + "')");
            }
            return n;
        });
        LOG.info("removed {} limit(s) on port {}{} of {}", removed, port,
                acct.isEmpty() ? "" : " for account " + LimitsConf.encodeLabel(acct), serverName);
        return removed;
    }

    // ---- server settings (for account entries) -------------------------------------------------

    /** The server's access-log path and allowed networks, as its limits.conf carries them. */
    public ServerSettings settings(String serverName) {
        return db.transaction(c -> {
            Server s = servers.findByName(c, serverName).orElseThrow(() -> new UnknownServerException(serverName));
            return new ServerSettings(servers.accessLog(c, s.id()), networks.forServer(c, s.id()));
        });
    }

    /**
     * Sets where the proxy writes its access log on the server; "" clears it (the script then finds it
     * in the proxy's config).
     *
     * @throws ValidationException when the path is not an absolute path of at most 1024 characters
     */
    public void setAccessLog(String serverName, String pathOrEmpty) {
        String path = pathOrEmpty == null ? "" : pathOrEmpty;
        Validator.accessLog(path);
        boolean changed = db.transaction(c -> {
            Server s = servers.lockByName(c, serverName).orElseThrow(() -> new UnknownServerException(serverName));
            return servers.setAccessLog(c, s.id(), path);
        });
        if (changed) {
            LOG.info("access log of {} set to {}", serverName, path.isEmpty() ? "(from the proxy's config)"
                    : LimitsConf.encodeLabel(path));
        }
    }

    /**
     * Adds a network the server's account entries never count nor refuse. Returns true if it is new.
     *
     * @throws ValidationException when the server already has the most networks allowed
     */
    public boolean allow(String serverName, Network network) {
        boolean added = db.transaction(c -> {
            Server s = servers.lockByName(c, serverName).orElseThrow(() -> new UnknownServerException(serverName));
            List<Network> stored = networks.forServer(c, s.id());
            if (stored.contains(network)) {
                return false;
            }
            if (stored.size() >= Validator.MAX_ALLOWED_NETWORKS) {
                throw new ValidationException(Field.NETWORK, Problem.NOT_ALLOWED, network.toString(), "at most "
                        + Validator.MAX_ALLOWED_NETWORKS + " allowed networks per server (remove one first)");
            }
            networks.insert(c, s.id(), network);
            return true;
        });
        if (added) {
            LOG.info("allowed {} on {}", network, serverName);
        }
        return added;
    }

    /** Takes a network off the server's allowed list. Returns true if it was there. */
    public boolean disallow(String serverName, Network network) {
        boolean removed = db.transaction(c -> {
            Server s = servers.lockByName(c, serverName).orElseThrow(() -> new UnknownServerException(serverName));
            return networks.delete(c, s.id(), network);
        });
        if (removed) {
            LOG.info("no longer allowed {} on {}", network, serverName);
        }
        return removed;
    }

    // ---- host keys -----------------------------------------------------------------------------

    /**
     * Replaces every key recorded for {@code host:port} with these (one per type), in one
     * transaction: after a reinstall no stale key of another type stays trusted.
     */
    public void trustHostKeys(String host, int port, List<KnownHostKey> keys) {
        Validator.host(host);
        Validator.sshPort(port);
        for (KnownHostKey key : keys) {
            if (!key.host().equals(host) || key.port() != port) {
                throw new IllegalArgumentException("key for " + key.host() + ":" + key.port() + " given for " + host + ":" + port);
            }
        }
        db.transaction(c -> {
            hostKeys.forget(c, host, port);
            for (KnownHostKey key : keys) {
                hostKeys.put(c, key);
            }
            return null;
        });
        for (KnownHostKey key : keys) {
            LOG.info("trusted {} key of {}:{} ({})", key.keyType(), key.host(), key.port(), key.fingerprint());
        }
    }

    public List<KnownHostKey> knownHostKeys(String host, int port) {
        return db.transaction(c -> hostKeys.find(c, host, port));
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static boolean sameKey(LimitEntry a, LimitEntry b) {
        return a.port() == b.port() && a.protocol() == b.protocol() && a.account().equals(b.account());
    }

    private void unlockIfNeeded(ServerSecrets given) {
        // Derive the key before the transaction: it may prompt and takes a moment.
        if (!given.isEmpty()) {
            vault.unlock();
        }
    }

    private void putSecrets(Connection c, long serverId, ServerSecrets given) throws SQLException {
        if (given.password() != null) {
            secrets.put(c, serverId, SecretKind.PASSWORD, vault.seal(serverId, SecretKind.PASSWORD, given.password()));
        }
        if (given.keyPassphrase() != null) {
            secrets.put(c, serverId, SecretKind.KEY_PASSPHRASE,
                    vault.seal(serverId, SecretKind.KEY_PASSPHRASE, given.keyPassphrase()));
        }
    }

    private static ValidationException duplicateName(String name) {
        return new ValidationException(Field.SERVER_NAME, Problem.DUPLICATE_NAME, name, "a name no other server uses");
    }

    /** A concurrent writer may win the race to the unique index; report that like the checked case. */
    private static Server refusingDuplicateName(String name, java.util.function.Supplier<Server> work) {
        try {
            return work.get();
        } catch (StoreException e) {
            if (e.getCause() instanceof SQLException sql && sql.getErrorCode() == ErrorCode.DUPLICATE_KEY_1) {
                throw duplicateName(name);
            }
            throw e;
        }
    }
}
