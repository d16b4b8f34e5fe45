package dev.portcullis.remote;

import dev.portcullis.conntrack.IpAddress;
import dev.portcullis.history.AddressDay;
import dev.portcullis.model.Server;
import dev.portcullis.model.ValidationException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the installed script keeps of a server's clients, over SSH as root: its history of addresses
 * ({@link #fetch}) and ending one address's connections ({@link #disconnect}). Both are one short
 * command of the installed script (sudo logs every command line); only validated values reach it.
 */
public final class ServerHistory implements Disconnector {

    /**
     * Fetched again before the newest last-seen already stored: a day's line the server had not
     * yet written when it was fetched (the recorder writes every few seconds) comes again.
     */
    public static final Duration MARGIN = Duration.ofMinutes(10);
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern ENDED = Pattern.compile("(?m)^ended (\\d{1,9}) connections of \\S+$");
    private static final int EXIT_BAD_INPUT = 2;

    private final SshConnector connector;

    public ServerHistory(SshConnector connector) {
        this.connector = connector;
    }

    /** The {@code --since} of the next fetch: the newest last-seen already fetched minus {@link #MARGIN}; 0 for all. */
    public static long since(Instant newestFetched) {
        if (newestFetched == null) {
            return 0;
        }
        return Math.max(0, newestFetched.minus(MARGIN).getEpochSecond());
    }

    static String historyCommand(long since) {
        return ConnectionPoll.INSTALLED_SCRIPT + " history --since " + since;
    }

    static String disconnectCommand(String address, Integer port) {
        return ConnectionPoll.INSTALLED_SCRIPT + " disconnect " + address + (port == null ? "" : " " + port);
    }

    /** The lines the server changed since {@link #since}({@code newestFetched}); null: everything it keeps. */
    public List<AddressDay> fetch(Server server, Instant newestFetched) throws RemoteException {
        try (SshSession session = connector.open(server)) {
            return fetch(session, newestFetched);
        }
    }

    /** As {@link #fetch(Server, Instant)} over a session already open (a poll's or a sync's). */
    public static List<AddressDay> fetch(SshSession session, Instant newestFetched) throws RemoteException {
        ExecResult r = session.sudo().run(historyCommand(since(newestFetched)), TIMEOUT, SshSession.MAX_OUTPUT_BYTES);
        if (!r.ok()) {
            throw new RemoteException(RemoteException.Reason.ERROR, session.server().name()
                    + ": the history command failed (exit " + r.exitCode() + ": " + r.lastLine()
                    + "); a sync installs the script that keeps it");
        }
        return HistoryOutput.parse(r.stdout());
    }

    /**
     * Ends the connections of {@code address} to {@code port}, or to every port with a limit when
     * {@code port} is null; returns how many were open.
     *
     * @throws ValidationException the address or the port is not allowed (nothing was run)
     */
    @Override
    public int disconnect(Server server, String address, Integer port) throws RemoteException {
        checkAddress(address);
        if (port != null && (port < 1 || port > 65_535)) {
            throw new ValidationException(ValidationException.Field.PORT, port, "1-65535");
        }
        try (SshSession session = connector.open(server)) {
            ExecResult r = session.sudo().run(disconnectCommand(address, port), TIMEOUT, 64 * 1024);
            Matcher m = ENDED.matcher(r.stdout());
            if (r.ok() && m.find()) {
                return Integer.parseInt(m.group(1));
            }
            if (r.exitCode() == EXIT_BAD_INPUT) {
                throw new RemoteException(RemoteException.Reason.ERROR, server.name()
                        + ": the installed script does not know 'disconnect' or refused it (" + r.lastLine()
                        + "); run a sync first");
            }
            throw new RemoteException(RemoteException.Reason.ERROR, server.name() + ": disconnect failed (exit "
                    + r.exitCode() + ": " + r.lastLine() + ")");
        }
    }

    /** A client address as the server reports it: one IPv4 or IPv6 literal, no prefix, no zone. */
    public static void checkAddress(String address) {
        if (address == null || address.contains("/") || address.contains("%") || IpAddress.parse(address) == null) {
            throw new ValidationException("address", address, "an IPv4 or IPv6 address without prefix");
        }
    }
}
