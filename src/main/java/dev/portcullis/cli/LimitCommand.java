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
@Command(name = "limit", mixinStandardHelpOptions = true,
        description = "Set, list and remove port limits and account limits on shared ports.",
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
            description = "Add or change the limit of one port (and protocol) on a server, or with --account of one"
                    + " account on a shared port. When changing an entry, options not given keep their stored values.")
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

        @Option(names = "--account", paramLabel = "EMAIL", description = "Limit this account (the client's e-mail as the"
                + " proxy logs it) on a shared port to --max devices (mode devices). The server's proxy must write an"
                + " access log. One address shared by several accounts (a household, a carrier's CGNAT) is refused for"
                + " every account on that port: see 'server allow' and --observe.")
        String account;

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
            String acct = account == null ? "" : account;
            if (account != null) {
                Validator.account(account);
                LimitMode given = mode == null ? LimitMode.DEVICES : LimitMode.fromId(mode);
                if (given != LimitMode.DEVICES) {
                    throw new ValidationException(ValidationException.Field.MODE, mode,
                            "devices with --account (an account limit caps the account's devices); leave --mode out");
                }
            }
            Optional<LimitEntry> existing = context.inventory().limits(server).stream()
                    .filter(e -> e.port() == port && e.protocol() == protocol && e.account().equals(acct)).findFirst();
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
                    idle != null ? idle : base != null ? base.idleSeconds() : LimitEntry.DEFAULT_IDLE_SECONDS, acct);
            boolean created = context.inventory().setLimit(server, entry);
            context.out().println((created ? "added" : "updated") + " limit " + entry.port() + "/"
                    + entry.protocol().id() + (entry.isAccount() ? " account " + entry.account() : "") + " on " + server
                    + ": " + describe(entry));
            if (entry.isAccount() && created && context.inventory().settings(server).allowed().isEmpty()) {
                context.out().println("note: an address shared by several accounts (a household, a carrier's CGNAT) is"
                        + " refused for every account on port " + entry.port() + " once one of them is over its limit;"
                        + " allow such networks with 'portcullis server allow " + server + " CIDR', or try --observe first");
            }
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
            Table table = new Table("SERVER", "PORT", "PROTO", "ACCOUNT", "MODE", "MAX", "V4", "V6", "IDLE", "STATE", "LABEL");
            for (ServerLimit l : limits) {
                LimitEntry e = l.entry();
                table.row(l.server(), e.port(), e.protocol().id(), e.isAccount() ? e.account() : "-", e.mode().id(), e.max(), "/" + e.v4Mask(),
                        "/" + e.v6Prefix(), e.idleSeconds() + "s", state(e), e.label());
            }
            table.print(out);
            return Cli.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove the limit of a port on a server (with --account: that account's limit on the port).")
    static final class RemoveLimit implements Callable<Integer> {
        private final CliContext context;

        @Parameters(index = "0", paramLabel = "SERVER")
        String server;

        @Parameters(index = "1", paramLabel = "PORT")
        int port;

        @Option(names = "--proto", paramLabel = "P", description = "Only this protocol (tcp, udp or both); default all.")
        String proto;

        @Option(names = "--account", paramLabel = "EMAIL",
                description = "The account's limit on the port; without it, the port's own limit (account limits stay).")
        String account;

        RemoveLimit(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Validator.limitPort(port);
            Protocol protocol = proto == null ? null : Protocol.fromId(proto);
            if (account != null) {
                Validator.account(account);
            }
            int removed = context.inventory().removeLimit(server, port, protocol, account == null ? "" : account);
            context.out().println("removed " + removed + " limit" + (removed == 1 ? "" : "s") + " on port " + port
                    + (account == null ? "" : " for account " + account) + " of " + server);
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
