package dev.portcullis.remote;

import dev.portcullis.conntrack.ConnectionAggregator;
import dev.portcullis.conntrack.ConntrackFilter;
import dev.portcullis.conntrack.ConntrackParser;
import dev.portcullis.conntrack.ParseResult;
import dev.portcullis.conntrack.Snapshot;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.Server;
import java.time.Duration;
import java.util.List;

/**
 * Polls one server's live connections over SSH: one session, opened on the first poll and kept
 * for the next ones, one remote command per poll ({@link ConnectionPoll}: the installed script's
 * short {@code poll}, else the poll script itself), as root (through sudo when the login user is
 * not root). Not thread-safe: one poller uses it; {@link #close()} may come from another thread
 * and ends a poll under way.
 */
public final class SshConnectionSource implements ConnectionMonitor.Source {

    /** Output a poll may send at most: far above what the managed ports' lines of a busy server take. */
    public static final long DEFAULT_MAX_BYTES = 8L << 20;

    private final SshConnector connector;
    private final Server server;
    private final List<LimitEntry> entries;
    private final String script;
    private final String installedCommand;
    /** The installed script's poll until it turns out missing on this server, then the sent script. */
    private boolean viaInstalled = true;
    private final long maxBytes;
    private final Duration timeout;
    private volatile SshSession session;
    private volatile long lastBytes;
    private ConnectionAggregator aggregator;
    private List<dev.portcullis.conntrack.IpAddress> aggregatorAddresses = List.of();

    public SshConnectionSource(SshConnector connector, Server server, List<LimitEntry> entries) {
        this(connector, server, entries, DEFAULT_MAX_BYTES, Duration.ofSeconds(30));
    }

    public SshConnectionSource(SshConnector connector, Server server, List<LimitEntry> entries, long maxBytes,
                               Duration timeout) {
        this.connector = connector;
        this.server = server;
        this.entries = ConnectionPoll.watched(entries);
        this.maxBytes = maxBytes;
        this.timeout = timeout;
        this.script = ConnectionPoll.script(this.entries, maxBytes);
        this.installedCommand = ConnectionPoll.installedCommand(maxBytes);
    }

    /** The entries watched: the enabled ones given. */
    public List<LimitEntry> entries() {
        return entries;
    }

    /** Bytes of output the last poll brought (stdout and stderr). */
    public long lastBytes() {
        return lastBytes;
    }

    @Override
    public Snapshot poll(Snapshot previous) throws RemoteException {
        SshSession s = session;
        if (s == null) {
            s = connector.open(server);
            session = s;
        }
        // Twice the bound read at most: what head -c lets through plus a little to notice more.
        ExecResult r = s.sudo().run(viaInstalled ? installedCommand : script, timeout, maxBytes + 4096);
        ConnectionPoll.Output out = ConnectionPoll.parse(r.stdout(), entries);
        if (viaInstalled && ConnectionPoll.installedPollMissing(r, out)) {
            // Not synced yet (or synced by an older Portcullis): the poll goes with the command.
            viaInstalled = false;
            r = s.sudo().run(script, timeout, maxBytes + 4096);
            out = ConnectionPoll.parse(r.stdout(), entries);
        }
        lastBytes = r.stdout().length() + (long) r.stderr().length();
        if (out.conntrackExit() == ConntrackFilter.EXIT_NO_SOURCE) {
            throw new RemoteException(RemoteException.Reason.ERROR, server.name()
                    + ": neither the conntrack tool nor /proc/net/nf_conntrack is available (run a sync: the script installs conntrack)");
        }
        if (!out.complete()) {
            if (r.stdout().length() >= maxBytes) {
                throw new RemoteException(RemoteException.Reason.ERROR, server.name() + ": a poll's output passed "
                        + maxBytes + " bytes and was cut");
            }
            throw new RemoteException(RemoteException.Reason.ERROR, server.name() + ": the poll command failed (exit "
                    + r.exitCode() + ": " + r.lastLine() + ")");
        }
        if (aggregator == null || !aggregatorAddresses.equals(out.addresses())) {
            aggregator = new ConnectionAggregator(ConnectionPoll.portEntries(entries), out.addresses());
            aggregatorAddresses = out.addresses();
        }
        ParseResult parsed = new ConntrackParser().parse(out.conntrack());
        return out.withAccounts(aggregator.aggregate(parsed, out.refused(), previous, out.members()));
    }

    @Override
    public void close() {
        SshSession s = session;
        session = null;
        if (s != null) {
            s.close();
        }
    }
}
