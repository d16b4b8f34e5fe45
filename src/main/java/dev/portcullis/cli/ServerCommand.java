package dev.portcullis.cli;

import dev.portcullis.model.AuthKind;
import dev.portcullis.model.Network;
import dev.portcullis.model.Server;
import dev.portcullis.model.ServerSettings;
import dev.portcullis.model.ValidationException;
import dev.portcullis.model.Validator;
import dev.portcullis.store.SecretKind;
import dev.portcullis.store.ServerSecrets;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code portcullis server ...}: the servers of the inventory. A new subcommand is one more entry below. */
@Command(name = "server", mixinStandardHelpOptions = true, description = "Add, list, show, change and remove servers.",
        subcommands = {
            ServerCommand.Add.class,
            ServerCommand.ListServers.class,
            ServerCommand.Show.class,
            ServerCommand.SetSettings.class,
            ServerCommand.Allow.class,
            ServerCommand.Remove.class,
            TrustCommand.class,
        })
public final class ServerCommand implements Runnable {

    private final CliContext context;

    public ServerCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(context.out());
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a server. Secrets are read from environment variables, never from arguments.")
    static final class Add implements Callable<Integer> {
        private final CliContext context;

        @Parameters(index = "0", paramLabel = "NAME", description = "A short name for the server.")
        String name;

        @Option(names = "--host", required = true, paramLabel = "HOST", description = "Host name or IP address.")
        String host;

        @Option(names = "--port", paramLabel = "PORT", defaultValue = "22", description = "SSH port (default ${DEFAULT-VALUE}).")
        int port;

        @Option(names = "--user", paramLabel = "USER", defaultValue = "root", description = "SSH user (default ${DEFAULT-VALUE}).")
        String user;

        @Option(names = "--key", paramLabel = "FILE", description = "Private key file (else password login).")
        Path key;

        @Option(names = "--password-env", paramLabel = "VAR", description = "Environment variable holding the SSH password.")
        String passwordEnv;

        @Option(names = "--key-passphrase-env", paramLabel = "VAR",
                description = "Environment variable holding the passphrase of the key file.")
        String passphraseEnv;

        @Option(names = "--sudo", description = "Run privileged commands through sudo (for a non-root user).")
        boolean sudo;

        Add(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            AuthKind auth = key != null ? AuthKind.KEY_FILE : AuthKind.PASSWORD;
            String keyPath = key == null ? null : key.toAbsolutePath().normalize().toString();
            Server server = new Server(Server.NEW, name, host, port, user, auth, keyPath, sudo);
            ServerSecrets secrets = new ServerSecrets(fromEnv("--password-env", passwordEnv),
                    fromEnv("--key-passphrase-env", passphraseEnv));
            try {
                Server stored = context.inventory().addServer(server, secrets);
                context.out().println("added server " + stored.name() + " (" + stored.address() + ")");
                List<Server> same = context.inventory().othersAtSameAddress(stored);
                if (!same.isEmpty()) {
                    context.err().println("portcullis: warning: " + stored.name() + " has the host and port of "
                            + String.join(", ", same.stream().map(Server::name).toList()) + " (" + stored.host() + ":"
                            + stored.port() + "): one machine, one host-key record, and each sync of either replaces the"
                            + " other's limits");
                }
                return Cli.OK;
            } finally {
                secrets.wipe();
            }
        }

        private char[] fromEnv(String option, String variable) {
            if (variable == null) {
                return null;
            }
            String value = context.env(variable);
            if (value == null || value.isEmpty()) {
                throw new ValidationException(option, variable, "the name of a set, non-empty environment variable");
            }
            return value.toCharArray();
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the servers.")
    static final class ListServers implements Callable<Integer> {
        private final CliContext context;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        ListServers(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            List<Server> servers = context.inventory().servers();
            PrintWriter out = context.out();
            if (json) {
                out.println(JsonOutput.write(servers.stream().map(JsonOutput.ServerJson::of).toList()));
                return Cli.OK;
            }
            if (servers.isEmpty()) {
                out.println("no servers (add one with 'portcullis server add NAME --host HOST')");
                return Cli.OK;
            }
            Table table = new Table("NAME", "HOST", "PORT", "USER", "AUTH", "SUDO");
            for (Server s : servers) {
                table.row(s.name(), s.host(), s.port(), s.user(), s.auth().id(), s.sudo() ? "yes" : "no");
            }
            table.print(out);
            return Cli.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one server.")
    static final class Show implements Callable<Integer> {
        private final CliContext context;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        Show(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Server s = context.inventory().server(name);
            PrintWriter out = context.out();
            ServerSettings settings = context.inventory().settings(s.name());
            if (json) {
                out.println(JsonOutput.write(JsonOutput.ServerDetailJson.of(s, settings)));
                return Cli.OK;
            }
            Set<SecretKind> secrets = context.inventory().secretKinds(s);
            out.println("name:     " + s.name());
            out.println("host:     " + s.host());
            out.println("port:     " + s.port());
            out.println("user:     " + s.user());
            out.println("auth:     " + s.auth().id());
            if (s.keyPath() != null) {
                out.println("key:      " + s.keyPath());
            }
            out.println("sudo:     " + (s.sudo() ? "yes" : "no"));
            out.println("secrets:  " + (secrets.isEmpty() ? "none"
                    : String.join(", ", secrets.stream().map(k -> k.name().toLowerCase().replace('_', ' ')).toList())
                    + " (sealed)"));
            out.println("limits:   " + context.inventory().limits(s.name()).size());
            out.println("access log: " + (settings.accessLog().isEmpty() ? "from the proxy's config (log.access)"
                    : settings.accessLog()));
            out.println("allowed:  " + (settings.allowed().isEmpty() ? "none"
                    : String.join(", ", settings.allowed().stream().map(Network::toString).toList())));
            return Cli.OK;
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Change a server's settings.")
    static final class SetSettings implements Callable<Integer> {
        private final CliContext context;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--access-log", paramLabel = "PATH", description = "Where the proxy writes its access log on the"
                + " server (absolute path), for account limits; '' finds it in the proxy's config (log.access).")
        String accessLog;

        SetSettings(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            if (accessLog == null) {
                throw new ValidationException("settings", "(none)", "at least one setting, e.g. --access-log PATH");
            }
            Validator.accessLog(accessLog);
            context.inventory().setAccessLog(name, accessLog);
            context.out().println(accessLog.isEmpty() ? "access log of " + name + ": from the proxy's config (log.access)"
                    : "access log of " + name + ": " + accessLog);
            return Cli.OK;
        }
    }

    @Command(name = "allow", mixinStandardHelpOptions = true, description = "Never count nor refuse a client address or"
            + " network in the server's account limits (a carrier's CGNAT range, an office, a campus).")
    static final class Allow implements Callable<Integer> {
        private final CliContext context;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "ADDRESS|CIDR", description = "e.g. 198.51.100.7, 100.64.0.0/10, 2001:db8::/48")
        String network;

        @Option(names = "--remove", description = "Take the network off the list instead.")
        boolean remove;

        Allow(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Network n = Network.parse(network);
            PrintWriter out = context.out();
            if (remove) {
                out.println(context.inventory().disallow(name, n) ? "no longer allowed on " + name + ": " + n
                        : n + " was not allowed on " + name + " (nothing changed)");
            } else {
                out.println(context.inventory().allow(name, n) ? "allowed on " + name + ": " + n
                        : n + " was already allowed on " + name + " (nothing changed)");
            }
            return Cli.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove a server with its limit entries and secrets (from the inventory only).")
    static final class Remove implements Callable<Integer> {
        private final CliContext context;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        Remove(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            context.inventory().removeServer(name);
            context.out().println("removed server " + name);
            return Cli.OK;
        }
    }
}
