package dev.portcullis.cli;

import dev.portcullis.importer.ImportException;
import dev.portcullis.importer.ImportOptions;
import dev.portcullis.importer.ImportPlan;
import dev.portcullis.importer.ImportService;
import dev.portcullis.importer.PlanText;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.ValidationException;
import java.io.Console;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code portcullis import SERVER [--dry-run] [--yes] [--json] [--max N] [--mode M]}: reads the
 * server's x-ui / 3x-ui database and Xray/V2Ray configs over SSH, shows the review, and saves the
 * new and updated entries after the operator agreed (all or nothing).
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Read the x-ui / 3x-ui panel database and the Xray/V2Ray configs of a server over SSH",
            "(changing nothing there) and propose one limit entry per inbound port. Shows the review, then",
            "asks on a terminal before saving; existing entries are updated, never duplicated, and entries",
            "whose inbound disappeared are reported, not deleted. Nothing is deployed: run 'sync' afterwards.",
            "Exit status 1 when the server or its panel could not be read or saving failed."})
final class ImportCommand implements Callable<Integer> {

    private final CliContext context;

    @Parameters(index = "0", paramLabel = "SERVER", description = "A stored server (see 'portcullis server list').")
    String server;

    @Option(names = "--dry-run", description = "Show the review and save nothing.")
    boolean dryRun;

    @Option(names = "--yes", description = "Save without asking.")
    boolean yes;

    @Option(names = "--json", description = "Print the review as JSON (messages go to stderr); saves only with --yes.")
    boolean json;

    @Option(names = "--max", paramLabel = "N", defaultValue = "" + ImportOptions.DEFAULT_MAX,
            description = "Maximum of entries whose inbound sets no limitIp (1-10000, default ${DEFAULT-VALUE}).")
    int max;

    @Option(names = "--mode", paramLabel = "MODE", description = {"Mode of every proposed entry: connections,",
        "connections-per-ip or devices (default: devices where the panel sets limitIp, else connections-per-ip)."})
    String mode;

    ImportCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (dryRun && yes) {
            throw new ValidationException("--dry-run --yes", "both", "one of the two: --dry-run saves nothing, --yes saves");
        }
        ImportOptions options = new ImportOptions(max, mode == null ? null : LimitMode.fromId(mode));
        RemoteServices remote = new RemoteServices(context);
        remote.inventory().server(server); // an unknown name is bad input, before any connection
        ImportService importer = remote.importer();
        ImportPlan plan;
        try {
            plan = importer.propose(server, options);
        } catch (ImportException e) {
            return fail(e.getMessage());
        }
        context.out().print(json ? PlanText.json(plan) + System.lineSeparator() : PlanText.table(plan));
        context.out().flush();

        int writes = plan.writes().size();
        if (writes == 0) {
            say("nothing to save: the entries of " + server + " already match");
            return Cli.OK;
        }
        if (dryRun) {
            say("dry run: nothing saved (" + writes + " change(s) would be saved)");
            return Cli.OK;
        }
        if (!yes) {
            Console console = context.console();
            if (console == null || json) {
                say("nothing saved: " + (json ? "--json saves only with --yes" : "no terminal to ask on")
                        + "; run 'portcullis import " + server + " --yes' to save the " + writes + " change(s)");
                return Cli.OK;
            }
            String answer = console.readLine("Save %d changes? [y/N] ", writes);
            if (answer == null || !answer.strip().toLowerCase(Locale.ROOT).matches("y|yes")) {
                say("nothing saved");
                return Cli.OK;
            }
        }
        int saved;
        try {
            saved = importer.save(plan);
        } catch (ImportException | ValidationException e) {
            return fail(e instanceof ImportException ? e.getMessage() : "nothing was saved: " + e.getMessage());
        }
        say("saved " + saved + " entr" + (saved == 1 ? "y" : "ies") + " for " + server
                + "; run 'portcullis sync " + server + "' to deploy them");
        return Cli.OK;
    }

    /** Messages go to stdout, or to stderr when stdout carries JSON. */
    private void say(String line) {
        (json ? context.err() : context.out()).println(line);
    }

    private int fail(String message) {
        context.err().println("portcullis: " + String.valueOf(message).replaceAll("\\s+", " ").strip());
        return Cli.FAILED;
    }
}
