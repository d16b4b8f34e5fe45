package dev.portcullis.cli;

import dev.portcullis.model.Server;
import dev.portcullis.remote.RemoteException;
import dev.portcullis.remote.ServerHistory;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code portcullis disconnect SERVER ADDRESS [--port P]}: ends one client address's connections now. */
@Command(name = "disconnect", mixinStandardHelpOptions = true,
        description = {"End a client address's connections to a server's limited ports now (or to one port):",
            "their sockets are closed (the client gets a reset) and their conntrack entries deleted. The address",
            "may connect again at once; limits apply as usual. Exit status 1 when the server could not do it."})
final class DisconnectCommand implements Callable<Integer> {

    private final CliContext context;

    @Parameters(index = "0", paramLabel = "SERVER", description = "The server.")
    String name;

    @Parameters(index = "1", paramLabel = "ADDRESS", description = "The client's IPv4 or IPv6 address (no prefix).")
    String address;

    @Option(names = "--port", paramLabel = "P", description = "Only its connections to this port (default: every limited port).")
    Integer port;

    DisconnectCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ServerHistory.checkAddress(address);
        Server server = context.inventory().server(name);
        try {
            int ended = context.app().serverHistory().disconnect(server, address, port);
            context.out().println(server.name() + ": ended " + ended + " connection" + (ended == 1 ? "" : "s")
                    + " of " + address + (port == null ? "" : " to port " + port));
            return Cli.OK;
        } catch (RemoteException e) {
            context.err().println("portcullis: " + server.name() + ": " + e.oneLine());
            return Cli.FAILED;
        }
    }
}
