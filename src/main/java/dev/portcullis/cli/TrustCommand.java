package dev.portcullis.cli;

import dev.portcullis.model.Server;
import dev.portcullis.model.ValidationException;
import dev.portcullis.remote.HostKey;
import dev.portcullis.remote.RemoteException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code portcullis server trust NAME (--fingerprint SHA256:... | --yes)}: record a server's host keys. */
@Command(name = "trust", mixinStandardHelpOptions = true,
        description = {"Show the SSH host key fingerprints the server presents and record what you confirm:",
            "with --fingerprint (from the provider or ssh-keygen -lf) only the key with that fingerprint,",
            "with --yes exactly the keys shown. Recording replaces every key recorded for the host and port;",
            "later connections offer only the recorded key types. Without either option nothing is recorded."})
final class TrustCommand implements Callable<Integer> {

    private final CliContext context;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    static final class Choice {
        @Option(names = "--fingerprint", paramLabel = "SHA256:...", description = "Record only this key, if the server presents it.")
        String fingerprint;

        @Option(names = "--yes", description = "Record exactly the keys shown by this run.")
        boolean yes;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Choice choice;

    TrustCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        String expected = choice == null || choice.yes ? null : fingerprint(choice.fingerprint);
        RemoteServices remote = new RemoteServices(context);
        Server server = remote.inventory().server(name);
        try {
            if (choice == null) {
                List<HostKey> keys = remote.connector().scan(server.host(), server.port());
                print(server, keys, "presents");
                context.out().println("nothing recorded: check the fingerprint, then run 'portcullis server trust "
                        + name + " --fingerprint SHA256:...' or '--yes'");
                return Cli.OK;
            }
            List<HostKey> keys = remote.connector().trust(server, expected);
            print(server, keys, "trusted");
            return Cli.OK;
        } catch (RemoteException e) {
            context.err().println("portcullis: " + e.oneLine());
            return Cli.FAILED;
        }
    }

    private static String fingerprint(String text) {
        try {
            return HostKey.normalizeFingerprint(text);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("fingerprint", text, "SHA256:base64 as 'ssh-keygen -lf' prints it");
        }
    }

    private void print(Server server, List<HostKey> keys, String verb) {
        for (HostKey k : keys) {
            context.out().println(server.name() + " (" + server.host() + ":" + server.port() + ") " + verb + " "
                    + k.type() + " " + k.fingerprint());
        }
    }
}
