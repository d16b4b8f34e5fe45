package dev.portcullis.cli;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.conntrack.Connection;
import dev.portcullis.conntrack.DeviceMember;
import dev.portcullis.conntrack.PortSummary;
import dev.portcullis.conntrack.Snapshot;
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
            "limit; for devices entries the member addresses. Exit status 1 when the server could not be read."})
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

    private void print(Server server, Snapshot s) {
        PrintWriter out = context.out();
        if (json) {
            String text = watch ? compact(ConnectionsJson.of(server.name(), s)) : JsonOutput.write(ConnectionsJson.of(server.name(), s));
            out.println(text);
            out.flush();
            return;
        }
        long live = s.ports().stream().mapToLong(PortSummary::connections).sum();
        out.println(server.name() + ": " + s.ports().size() + " limited port(s), " + live + " live connection(s)"
                + (s.malformed() > 0 ? ", " + s.malformed() + " unreadable conntrack line(s) skipped" : ""));
        Table ports = new Table("PORT", "PROTO", "MODE", "MAX", "CONNS", "ADDRS", "REFUSED", "OVER", "LABEL");
        for (PortSummary p : s.ports()) {
            ports.row(p.port(), p.protocol().id(), p.mode().id() + (p.observe() ? " (observe)" : ""), p.max(),
                    p.connections(), p.mode() == LimitMode.DEVICES && !p.members().isEmpty()
                            ? p.addresses() + " (" + p.members().size() + " members)" : p.addresses(),
                    p.refused() + (p.risingRefusals() ? " rising" : ""), p.overLimit() ? "OVER" : "-", p.label());
        }
        ports.print(out);
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
    }

    private static String compact(Object value) {
        try {
            return COMPACT.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The JSON document; field names are a contract for scripts. */
    @JsonPropertyOrder({"server", "ports", "connections"})
    record ConnectionsJson(String server, List<PortJson> ports, List<ConnectionJson> connections) {
        static ConnectionsJson of(String server, Snapshot s) {
            List<PortJson> ports = new ArrayList<>();
            for (PortSummary p : s.ports()) {
                ports.add(PortJson.of(p));
            }
            return new ConnectionsJson(server, ports, s.connections().stream().map(ConnectionJson::of).toList());
        }
    }

    /** {@code members}: for every port, empty unless it is a devices entry whose set was read. */
    @JsonPropertyOrder({"port", "protocol", "mode", "max", "connections", "addresses", "refused", "overLimit", "members"})
    record PortJson(int port, String protocol, String mode, int max, int connections, int addresses, long refused,
                    boolean overLimit, List<MemberJson> members) {
        static PortJson of(PortSummary p) {
            return new PortJson(p.port(), p.protocol().id(), p.mode().id(), p.max(), p.connections(), p.addresses(),
                    p.refused(), p.overLimit(), p.members().stream().map(MemberJson::of).toList());
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
