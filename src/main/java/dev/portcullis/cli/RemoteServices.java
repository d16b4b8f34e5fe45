package dev.portcullis.cli;

import dev.portcullis.fleet.FleetSync;
import dev.portcullis.importer.ImportService;
import dev.portcullis.model.Server;
import dev.portcullis.model.ValidationException;
import dev.portcullis.remote.SshConnector;
import dev.portcullis.store.Inventory;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** SSH, deploy and fleet services for one command line run, over the data directory's inventory. */
final class RemoteServices {

    private final CliContext context;
    private final Inventory inventory;
    private final SshConnector connector;

    RemoteServices(CliContext context) {
        this.context = context;
        this.inventory = context.inventory();
        this.connector = context.app().connector();
    }

    Inventory inventory() {
        return inventory;
    }

    SshConnector connector() {
        return connector;
    }

    /** Plan and sync; each sync's outcome is recorded in the inventory by the fleet itself. */
    FleetSync fleet() {
        return context.app().fleet();
    }

    ImportService importer() {
        return context.app().importService();
    }

    /** The servers named, or all of them with {@code --all}; exactly one of the two. */
    List<Server> select(List<String> names, boolean all) {
        if (all == (names != null && !names.isEmpty())) {
            throw new ValidationException("servers", all ? "--all " + String.join(" ", names) : "",
                    "either server names or --all, not both and not neither");
        }
        if (all) {
            List<Server> servers = inventory.servers();
            if (servers.isEmpty()) {
                throw new ValidationException("servers", "--all", "at least one server (see 'portcullis server add')");
            }
            return servers;
        }
        List<Server> servers = new ArrayList<>();
        for (String name : new LinkedHashSet<>(names)) {
            servers.add(inventory.server(name));
        }
        return servers;
    }

    PrintWriterHolder out() {
        return new PrintWriterHolder(context);
    }

    /** Lines from worker threads must not interleave mid-line. */
    static final class PrintWriterHolder {
        private final CliContext context;

        PrintWriterHolder(CliContext context) {
            this.context = context;
        }

        synchronized void out(String line) {
            context.out().println(line);
            context.out().flush();
        }

        synchronized void err(String line) {
            context.err().println(line);
            context.err().flush();
        }
    }
}
