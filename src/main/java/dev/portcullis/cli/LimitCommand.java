package dev.portcullis.cli;

import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Protocol;
import dev.portcullis.model.ValidationException;
import dev.portcullis.model.Validator;
import dev.portcullis.store.ServerLimit;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code portcullis limit ...}: the limit entries of the servers. */
@Command(name = "limit", mixinStandardHelpOptions = true, description = "Set, list and remove port limits.",
        subcommands = {
            LimitCommand.SetLimit.class,
            LimitCommand.ListLimits.class,
            LimitCommand.RemoveLimit.class,
        })
public final class LimitCommand implements Runnable {

    private final CliContext context;

    public LimitCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(context.out());
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Add or change the limit of one port (and protocol) on a server. "
                    + "When changing an entry, options not given keep their stored values.")
    static final class SetLimit implements Callable<Integer> {
        private final CliContext context;

        @Parameters(index = "0", paramLabel = "SERVER")
        String server;

        @Parameters(index = "1", paramLabel = "PORT", description = "1-65535")
        int port;

        @Option(names = "--max", paramLabel = "N", description = "1-10000 (needed for a new entry).")
        Integer max;

        @Option(names = "--mode", paramLabel = "MODE", description = "connections, connections-per-ip or devices (default devices).")
        String mode;

        @Option(names = "--proto", paramLabel = "P", defaultValue = "tcp", description = "tcp, udp or both (default ${DEFAULT-VALUE}).")
        String proto;

        @Option(names = "--v4-mask", paramLabel = "BITS", description = "0-32 (default 32).")
        Integer v4Mask;

        @Option(names = "--v6-prefix", paramLabel = "BITS", description = "0-128 (default 64).")
        Integer v6Prefix;

        @Option(names = "--label", paramLabel = "TEXT", description = "Free text, e.g. the account name.")
        String label;

        @Option(names = "--observe", negatable = true,
                description = "Count what would be refused, refuse nothing (--no-observe enforces).")
        Boolean observe;

        @Option(names = "--disabled", description = "Keep the entry but do not install it.")
        boolean disabled;

        @Option(names = "--enabled", description = "Install the entry again (the default for a new one).")
        boolean enabled;

        @Option(names = "--idle", paramLabel = "SECONDS", description = "devices mode: seconds before a silent address frees its slot (default 120).")
        Integer idle;

        SetLimit(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            // Plain value checks first, so bad input is refused before the database is even opened.
            Validator.limitPort(port);
            Protocol protocol = Protocol.fromId(proto);
            if (max != null) {
                Validator.max(max);
            }
            if (disabled && enabled) {
                throw new ValidationException("--enabled/--disabled", "both", "at most one of them");
            }
            Optional<LimitEntry> existing = context.inventory().limit(server, port, protocol);
            if (existing.isEmpty() && max == null) {
                throw new ValidationException("max", "(none)", "1-10000, given with --max N for a new entry");
            }
            LimitEntry base = existing.orElse(null);
            LimitEntry entry = new LimitEntry(port, protocol,
                    mode != null ? LimitMode.fromId(mode) : base != null ? base.mode() : LimitEntry.DEFAULT_MODE,
                    max != null ? max : base.max(),
                    v4Mask != null ? v4Mask : base != null ? base.v4Mask() : LimitEntry.DEFAULT_V4_MASK,
                    v6Prefix != null ? v6Prefix : base != null ? base.v6Prefix() : LimitEntry.DEFAULT_V6_PREFIX,
                    label != null ? label : base != null ? base.label() : "",
                    observe != null ? observe : base != null && base.observe(),
                    disabled ? false : enabled || base == null || base.enabled(),
                    idle != null ? idle : base != null ? base.idleSeconds() : LimitEntry.DEFAULT_IDLE_SECONDS);
            boolean created = context.inventory().setLimit(server, entry);
            context.out().println((created ? "added" : "updated") + " limit " + entry.port() + "/"
                    + entry.protocol().id() + " on " + server + ": " + describe(entry));
            return Cli.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the limits of one server or of all.")
    static final class ListLimits implements Callable<Integer> {
        private final CliContext context;

        @Parameters(index = "0", arity = "0..1", paramLabel = "SERVER")
        String server;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        ListLimits(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            List<ServerLimit> limits = server == null
                    ? context.inventory().allLimits()
                    : context.inventory().limits(server).stream().map(e -> new ServerLimit(server, e)).toList();
            PrintWriter out = context.out();
            if (json) {
                out.println(JsonOutput.write(limits.stream().map(l -> JsonOutput.LimitJson.of(l.server(), l.entry())).toList()));
                return Cli.OK;
            }
            if (limits.isEmpty()) {
                out.println("no limits (add one with 'portcullis limit set SERVER PORT --max N')");
                return Cli.OK;
            }
            Table table = new Table("SERVER", "PORT", "PROTO", "MODE", "MAX", "V4", "V6", "IDLE", "STATE", "LABEL");
            for (ServerLimit l : limits) {
                LimitEntry e = l.entry();
                table.row(l.server(), e.port(), e.protocol().id(), e.mode().id(), e.max(), "/" + e.v4Mask(),
                        "/" + e.v6Prefix(), e.idleSeconds() + "s", state(e), e.label());
            }
            table.print(out);
            return Cli.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove the limit of a port on a server.")
    static final class RemoveLimit implements Callable<Integer> {
        private final CliContext context;

        @Parameters(index = "0", paramLabel = "SERVER")
        String server;

        @Parameters(index = "1", paramLabel = "PORT")
        int port;

        @Option(names = "--proto", paramLabel = "P", description = "Only this protocol (tcp, udp or both); default all.")
        String proto;

        RemoveLimit(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Validator.limitPort(port);
            Protocol protocol = proto == null ? null : Protocol.fromId(proto);
            int removed = context.inventory().removeLimit(server, port, protocol);
            context.out().println("removed " + removed + " limit" + (removed == 1 ? "" : "s") + " on port " + port
                    + " of " + server);
            return Cli.OK;
        }
    }

    static String describe(LimitEntry e) {
        return e.mode().id() + " max " + e.max() + ", " + state(e)
                + (e.label().isEmpty() ? "" : ", label " + e.label());
    }

    private static String state(LimitEntry e) {
        if (!e.enabled()) {
            return "disabled";
        }
        return e.observe() ? "observe" : "enforce";
    }
}
