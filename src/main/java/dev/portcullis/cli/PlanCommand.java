package dev.portcullis.cli;

import dev.portcullis.fleet.FleetSync;
import dev.portcullis.fleet.SyncListener;
import dev.portcullis.fleet.SyncReport;
import dev.portcullis.fleet.SyncResult;
import dev.portcullis.model.Server;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code portcullis plan (SERVER... | --all) [--json]}: what a sync would change, touching nothing. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Show per server what a sync would change (entries added, removed, changed; rules missing;",
            "edits made on the server), changing nothing. Exit status 1 when a server could not be read."})
final class PlanCommand implements Callable<Integer> {

    private final CliContext context;

    @Parameters(paramLabel = "SERVER", arity = "0..*", description = "Servers to check.")
    List<String> names;

    @Option(names = "--all", description = "Check every server.")
    boolean all;

    @Option(names = "--json", description = "Print {\"results\":[...]} with each server's changes.")
    boolean json;

    PlanCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        RemoteServices remote = new RemoteServices(context);
        List<Server> servers = remote.select(names, all);
        List<SyncResult> results = remote.fleet().plan(servers, FleetSync.DEFAULT_PARALLEL, SyncListener.NONE);
        if (json) {
            context.out().println(SyncReport.json(results, true));
        } else {
            for (SyncResult r : results) {
                context.out().println(SyncReport.planText(r));
            }
        }
        return SyncReport.exitCode(results);
    }
}
