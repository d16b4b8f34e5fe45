package dev.portcullis.cli;

import dev.portcullis.fleet.FleetSync;
import dev.portcullis.fleet.SyncListener;
import dev.portcullis.fleet.SyncReport;
import dev.portcullis.fleet.SyncResult;
import dev.portcullis.model.Server;
import dev.portcullis.model.ValidationException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code portcullis sync (SERVER... | --all) [--parallel N] [--json]}. */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = {"Deploy the limits to servers and verify them; servers already in sync are left alone.",
            "Exit status 1 when any server failed."})
final class SyncCommand implements Callable<Integer> {

    private final CliContext context;

    @Parameters(paramLabel = "SERVER", arity = "0..*", description = "Servers to sync.")
    List<String> names;

    @Option(names = "--all", description = "Sync every server.")
    boolean all;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "8",
            description = "Servers at a time (1-" + FleetSync.MAX_PARALLEL + ", default ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--json", description = "Print {\"results\":[...]} instead of lines; progress goes to stderr.")
    boolean json;

    SyncCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (parallel < 1 || parallel > FleetSync.MAX_PARALLEL) {
            throw new ValidationException("--parallel", parallel, "1 to " + FleetSync.MAX_PARALLEL);
        }
        RemoteServices remote = new RemoteServices(context);
        List<Server> servers = remote.select(names, all);
        RemoteServices.PrintWriterHolder print = remote.out();
        List<SyncResult> results = remote.fleet().sync(servers, parallel, new SyncListener() {
            @Override
            public void finished(SyncResult result) {
                if (json) {
                    print.err(SyncReport.line(result));
                } else {
                    print.out(SyncReport.line(result));
                }
            }
        });
        if (json) {
            print.out(SyncReport.json(results, false));
        } else {
            long failed = results.stream().filter(SyncResult::failed).count();
            print.out(results.size() + " server(s): " + (results.size() - failed) + " in sync, " + failed + " failed");
        }
        return SyncReport.exitCode(results);
    }
}
