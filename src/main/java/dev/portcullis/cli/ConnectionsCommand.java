package dev.portcullis.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.conntrack.AccountActivity;
import dev.portcullis.conntrack.AccountMember;
import dev.portcullis.conntrack.AccountRefusal;
import dev.portcullis.conntrack.Connection;
import dev.portcullis.conntrack.DeviceMember;
import dev.portcullis.conntrack.PortSummary;
import dev.portcullis.conntrack.Snapshot;
import dev.portcullis.conntrack.WatchStatus;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Server;
import dev.portcullis.model.ValidationException;
import dev.portcullis.remote.ConnectionMonitor;
import dev.portcullis.remote.PollPolicy;
import dev.portcullis.remote.RemoteException;
import dev.portcullis.remote.SshConnectionSource;
import dev.portcullis.remote.SshConnector;
import dev.portcullis.store.StoreException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code portcullis connections SERVER [--port P] [--json] [--watch]}: who is connected to the limited ports now. */
@Command(name = "connections", mixinStandardHelpOptions = true,
        description = {"Show the live connections to a server's limited ports (read from conntrack over SSH):",
            "per port the connections, distinct client addresses, refused attempts and whether it is over its",
            "limit; for devices entries the member addresses; per account limit on a shared port its devices",
            "and the addresses refused (or, observed, that would be). Exit status 1 when the server could not be read."})
final class ConnectionsCommand implements Callable<Integer> {

    private static final ObjectMapper COMPACT = new ObjectMapper();

    private final CliContext context;

    @Parameters(paramLabel = "SERVER", description = "The server to look at.")
    String name;

    @Option(names = "--port", paramLabel = "P", description = "Only this port (one of the server's limits).")
    Integer port;

    @Option(names = "--json", description = "Print {\"server\":..,\"ports\":[...],\"connections\":[...]}; with --watch one document per line.")
    boolean json;

    @Option(names = "--watch", description = "Poll again every interval until interrupted (Ctrl-C).")
    boolean watch;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "2",
            description = "With --watch: seconds between polls (1-3600, default ${DEFAULT-VALUE}).")
    int interval;

    /** Tests: stop --watch after this many polls (0: never). */
    @Option(names = "--polls", hidden = true, defaultValue = "0")
    int polls;

    /** The enabled account entries looked at (their max and observe flag are the store's). */
    List<LimitEntry> accountEntries = List.of();

    ConnectionsCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (interval < 1 || interval > 3600) {
            throw new ValidationException("--interval", interval, "1 to 3600 seconds");
        }
        RemoteServices remote = new RemoteServices(context);
        Server server = remote.inventory().server(name);
        List<LimitEntry> entries = remote.inventory().limits(name).stream().filter(LimitEntry::enabled).toList();
        if (entries.isEmpty()) {
            throw new ValidationException("server", name, "a server with enabled limits (see 'portcullis limit set')");
        }
        if (port != null) {
            List<LimitEntry> chosen = entries.stream().filter(e -> e.port() == port).toList();
            if (chosen.isEmpty()) {
                throw new ValidationException("--port", port, "a port with a limit on " + name + ": "
                        + entries.stream().map(e -> Integer.toString(e.port())).collect(Collectors.toCollection(TreeSet::new)));
            }
            entries = chosen;
        }
        accountEntries = entries.stream().filter(LimitEntry::isAccount).toList();
        if (!watch) {
            try (SshConnectionSource source = new SshConnectionSource(remote.connector(), server, entries)) {
                print(server, source.poll(null));
                return Cli.OK;
            } catch (RemoteException e) {
                context.err().println("portcullis: " + server.name() + ": " + e.oneLine());
                return Cli.FAILED;
            }
        }
        // Secrets and host keys are read now; the database is closed for the rest of the watch.
        try (SshConnector connector = context.app().detachedConnector(server)) {
            context.close();
            return watch(connector, server, entries);
        }
    }

    private int watch(SshConnector connector, Server server, List<LimitEntry> entries) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<RemoteException> fatal = new AtomicReference<>();
        AtomicInteger seen = new AtomicInteger();
        ConnectionMonitor.Listener listener = new ConnectionMonitor.Listener() {
            @Override
            public void snapshot(Snapshot snapshot) {
                synchronized (context) {
                    if (!json && context.env("TERM") != null && !"dumb".equals(context.env("TERM")) && System.console() != null) {
                        context.clearScreen();
                    }
                    print(server, snapshot);
                }
                if (polls > 0 && seen.incrementAndGet() >= polls) {
                    done.countDown();
                }
            }

            @Override
            public void error(RemoteException error, Duration retryIn) {
                synchronized (context) {
                    context.err().println("portcullis: " + server.name() + ": " + error.oneLine()
                            + (retryIn == null ? " (stopped)" : " (next attempt in " + retryIn.toSeconds() + " s)"));
                    context.err().flush();
                }
                if (retryIn == null) {
                    fatal.set(error);
                    done.countDown();
                }
                if (polls > 0 && seen.incrementAndGet() >= polls) {
                    done.countDown();
                }
            }
        };
        ConnectionMonitor monitor = ConnectionMonitor.start(connector, server, entries,
                PollPolicy.withInterval(Duration.ofSeconds(interval)), listener);
        Thread hook = new Thread(monitor::close, "portcullis-connections-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            done.await();
        } finally {
            monitor.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running
            }
        }
        return fatal.get() == null ? Cli.OK : Cli.FAILED;
    }

    void print(Server server, Snapshot s) {
        PrintWriter out = context.out();
        if (json) {
            ConnectionsJson doc = ConnectionsJson.of(server.name(), s, accountEntries);
            out.println(watch ? compact(doc) : JsonOutput.write(doc));
            out.flush();
            warnIfNotEnforced(server, s);
            return;
        }
        long live = s.ports().stream().mapToLong(PortSummary::connections).sum();
        out.println(server.name() + ": " + s.ports().size() + " limited port(s), " + live + " live connection(s)"
                + (s.malformed() > 0 ? ", " + s.malformed() + " unreadable conntrack line(s) skipped" : ""));
        Table ports = new Table("PORT", "PROTO", "MODE", "MAX", "CONNS", "ADDRS", "REFUSED", "OVER", "LABEL");
        for (PortSummary p : s.ports()) {
            ports.row(p.port(), p.protocol().id(), p.mode().id() + (p.observe() ? " (observe)" : ""), p.max(),
                    conns(p), p.mode() == LimitMode.DEVICES && !p.members().isEmpty()
                            ? p.addresses() + " (" + p.members().size() + " members)" : p.addresses(),
                    p.refused() + (p.risingRefusals() ? " rising" : ""), p.overLimit() ? "OVER" : "-", p.label());
        }
        if (!s.ports().isEmpty()) {
            ports.print(out);
        }
        if (s.ports().stream().anyMatch(PortSummary::countsFamiliesApart)) {
            out.println(FAMILIES_NOTE);
        }
        boolean anyMembers = s.ports().stream().anyMatch(p -> !p.members().isEmpty());
        if (anyMembers) {
            out.println();
            Table members = new Table("PORT", "PROTO", "MEMBER", "LEFT", "CONNS");
            for (PortSummary p : s.ports()) {
                for (DeviceMember m : p.members()) {
                    members.row(p.port(), p.protocol().id(), m.text(),
                            m.expiresMillis() < 0 ? "?" : (m.expiresMillis() / 1000) + " s", m.connections().size());
                }
            }
            members.print(out);
        }
        printAccounts(out, s);
        if (!s.connections().isEmpty()) {
            out.println();
            Table conns = new Table("PROTO", "FAMILY", "SRC", "SPORT", "DPORT", "STATE");
            for (Connection c : s.connections()) {
                conns.row(c.protocol().id(), c.family().id(), c.src(), c.sport(), c.dport(),
                        c.state() == null ? (c.unreplied() ? "[UNREPLIED]" : "") : c.stateName());
            }
            conns.print(out);
        }
        out.flush();
        warnIfNotEnforced(server, s);
    }

    private void printAccounts(PrintWriter out, Snapshot s) {
        if (accountEntries.isEmpty() && s.accounts().isEmpty()) {
            return;
        }
        out.println();
        WatchStatus w = s.watch();
        out.println("accounts: watcher " + stateId(w.state()) + (w.logPath().isEmpty() ? "" : ", log " + w.logPath()));
        Table accounts = new Table("PORT", "PROTO", "ACCOUNT", "MAX", "DEVICES", "REFUSED", "OBSERVED", "STATE");
        Table members = new Table("PORT", "PROTO", "ACCOUNT", "MEMBER", "IDLE LEFT");
        Table refused = new Table("PORT", "PROTO", "ACCOUNT", "ADDRESS", "COUNT", "LEFT");
        for (AccountActivity a : s.accounts()) {
            Optional<LimitEntry> e = entryOf(accountEntries, a);
            long refusedCount = a.refused().stream().filter(r -> !r.observed()).mapToLong(AccountRefusal::count).sum();
            long observedCount = a.refused().stream().filter(AccountRefusal::observed).mapToLong(AccountRefusal::count).sum();
            accounts.row(a.port(), a.protocol().id(), a.account(), e.map(x -> String.valueOf(x.max())).orElse("?"),
                    a.members().size(), refusedCount, observedCount,
                    e.map(x -> x.observe() ? "observe" : "enforce").orElse("?"));
            for (AccountMember m : a.members()) {
                members.row(a.port(), a.protocol().id(), a.account(), m.network(), m.idleLeftSeconds() + " s");
            }
            for (AccountRefusal r : a.refused()) {
                refused.row(a.port(), a.protocol().id(), a.account(), r.network(), r.count(),
                        r.observed() ? "observed" : r.secondsLeft() + " s");
            }
        }
        accounts.print(out);
        if (s.accounts().stream().anyMatch(a -> !a.members().isEmpty())) {
            out.println();
            members.print(out);
        }
        if (s.accounts().stream().anyMatch(a -> !a.refused().isEmpty())) {
            out.println();
            refused.print(out);
        }
    }

    /** The stored entry the watcher reported on (empty when the store no longer has it). */
    static Optional<LimitEntry> entryOf(List<LimitEntry> accountEntries, AccountActivity a) {
        return accountEntries.stream().filter(e -> e.port() == a.port() && e.protocol() == a.protocol()
                && e.account().equals(a.account())).findFirst();
    }

    /** Account entries are only enforced while the watcher runs on a log: say so when it does not. */
    private void warnIfNotEnforced(Server server, Snapshot s) {
        if (accountEntries.isEmpty()) {
            return;
        }
        String why = switch (s.watch().state()) {
            case RUNNING, NOT_NEEDED -> null;
            case STOPPED -> "the access-log watcher is not running, so account limits are not enforced"
                    + " (run 'portcullis sync " + server.name() + "' to start it again)";
            case NO_LOG -> "the server has no access log to follow, so account limits are not enforced: set"
                    + " \"log\": {\"access\": \"/var/log/xray/access.log\"} in the Xray/V2Ray config and restart the"
                    + " proxy, or name the log with 'portcullis server set " + server.name() + " --access-log PATH' and sync";
            case UNKNOWN -> "the server's script does not report on account limits (run 'portcullis sync "
                    + server.name() + "')";
        };
        if (why != null) {
            synchronized (context) {
                context.err().println("portcullis: warning: " + server.name() + ": " + why);
                context.err().flush();
            }
        }
    }

    static String stateId(WatchStatus.State state) {
        return state.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    static final String FAMILIES_NOTE = "connections, connections-per-ip: the kernel counts IPv4 and IPv6 apart"
            + " (and TCP and UDP of a 'both' entry), so MAX holds for each (max 2 admits 2 IPv4 and 2 IPv6);"
            + " devices: one count for both families.";

    /** connlimit entries: "V4 v4 + V6 v6", each family being compared with the limit on its own. */
    private static String conns(PortSummary p) {
        return p.countsFamiliesApart() ? p.connectionsV4() + " v4 + " + p.connectionsV6() + " v6"
                : String.valueOf(p.connections());
    }

    private static String compact(Object value) {
        try {
            return COMPACT.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The JSON document; field names are a contract for scripts. {@code accounts} and {@code watch} are
     * there when the server has account entries (or the watcher reported on some).
     */
    @JsonPropertyOrder({"server", "ports", "connections", "accounts", "watch"})
    record ConnectionsJson(String server, List<PortJson> ports, List<ConnectionJson> connections,
                           @JsonInclude(JsonInclude.Include.NON_NULL) List<AccountJson> accounts,
                           @JsonInclude(JsonInclude.Include.NON_NULL) WatchJson watch) {
        static ConnectionsJson of(String server, Snapshot s) {
            return of(server, s, List.of());
        }

        static ConnectionsJson of(String server, Snapshot s, List<LimitEntry> accountEntries) {
            List<PortJson> ports = new ArrayList<>();
            for (PortSummary p : s.ports()) {
                ports.add(PortJson.of(p));
            }
            boolean withAccounts = !accountEntries.isEmpty() || !s.accounts().isEmpty();
            List<AccountJson> accounts = withAccounts
                    ? s.accounts().stream().map(a -> AccountJson.of(a, entryOf(accountEntries, a))).toList() : null;
            return new ConnectionsJson(server, ports, s.connections().stream().map(ConnectionJson::of).toList(),
                    accounts, withAccounts ? new WatchJson(stateId(s.watch().state()), s.watch().logPath()) : null);
        }
    }

    /** The watcher: running, stopped, no-log, not-needed or unknown (an older script), and the log it follows ("" if none). */
    @JsonPropertyOrder({"state", "log"})
    record WatchJson(String state, String log) {
    }

    /**
     * One account entry: {@code max} and {@code observe} as stored (null when the store no longer has the
     * entry), its devices ({@code members}), the addresses refused on its account, and for an observe entry
     * those that would have been ({@code observed}).
     */
    @JsonPropertyOrder({"port", "proto", "account", "max", "observe", "members", "refused", "observed"})
    record AccountJson(int port, String proto, String account, Integer max, Boolean observe, List<AccountMemberJson> members,
                       List<RefusalJson> refused, List<ObservedJson> observed) {
        static AccountJson of(AccountActivity a, Optional<LimitEntry> entry) {
            return new AccountJson(a.port(), a.protocol().id(), a.account(), entry.map(LimitEntry::max).orElse(null),
                    entry.map(LimitEntry::observe).orElse(null),
                    a.members().stream().map(m -> new AccountMemberJson(m.network(), m.idleLeftSeconds())).toList(),
                    a.refused().stream().filter(r -> !r.observed())
                            .map(r -> new RefusalJson(r.network(), r.count(), r.secondsLeft())).toList(),
                    a.refused().stream().filter(AccountRefusal::observed)
                            .map(r -> new ObservedJson(r.network(), r.count())).toList());
        }
    }

    @JsonPropertyOrder({"network", "idleLeftSeconds"})
    record AccountMemberJson(String network, int idleLeftSeconds) {
    }

    @JsonPropertyOrder({"network", "count", "secondsLeft"})
    record RefusalJson(String network, long count, int secondsLeft) {
    }

    @JsonPropertyOrder({"network", "count"})
    record ObservedJson(String network, long count) {
    }

    /**
     * One entry. {@code connectionsV4}/{@code connectionsV6} are the live connections per family;
     * {@code perFamily} says whether the kernel compares each family with {@code max} on its own
     * (connections, connections-per-ip) or counts both together (devices); {@code overLimit} follows it.
     * {@code members}: for every port, empty unless it is a devices entry whose set was read.
     */
    @JsonPropertyOrder({"port", "protocol", "mode", "max", "perFamily", "connections", "connectionsV4", "connectionsV6",
            "addresses", "refused", "overLimit", "members"})
    record PortJson(int port, String protocol, String mode, int max, boolean perFamily, int connections,
                    int connectionsV4, int connectionsV6, int addresses, long refused, boolean overLimit,
                    List<MemberJson> members) {
        static PortJson of(PortSummary p) {
            return new PortJson(p.port(), p.protocol().id(), p.mode().id(), p.max(), p.countsFamiliesApart(),
                    p.connections(), p.connectionsV4(), p.connectionsV6(), p.addresses(), p.refused(), p.overLimit(),
                    p.members().stream().map(MemberJson::of).toList());
        }
    }

    /** A member of a devices set: its address group, seconds left if silent (null: not shown), its connections. */
    @JsonPropertyOrder({"address", "expiresSeconds", "connections"})
    record MemberJson(String address, Long expiresSeconds, List<ConnectionJson> connections) {
        static MemberJson of(DeviceMember m) {
            return new MemberJson(m.text(), m.expiresMillis() < 0 ? null : m.expiresMillis() / 1000,
                    m.connections().stream().map(ConnectionJson::of).toList());
        }
    }

    /** {@code state} is the TCP state, null for UDP. */
    @JsonPropertyOrder({"protocol", "family", "src", "sport", "dport", "state"})
    record ConnectionJson(String protocol, String family, String src, int sport, int dport, String state) {
        static ConnectionJson of(Connection c) {
            return new ConnectionJson(c.protocol().id(), c.family().id(), c.src().toString(), c.sport(), c.dport(),
                    c.state() == null ? null : c.stateName());
        }
    }
}
