package dev.portcullis.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The top-level {@code portcullis} command. A new command group is one more entry in
 * {@code subcommands} (its class takes a {@link CliContext} in its constructor).
 */
@Command(name = "portcullis", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Per-port connection and device limits for V2Ray/Xray servers, deployed over SSH.",
        subcommands = {
            ServerCommand.class,
            LimitCommand.class,
            ScriptCommand.class,
            PlanCommand.class,
            SyncCommand.class,
            ConnectionsCommand.class,
            ImportCommand.class,
            HistoryCommand.class,
            DisconnectCommand.class,
        })
public final class PortcullisCommand implements Runnable {

    private final CliContext context;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    public PortcullisCommand(CliContext context) {
        this.context = context;
    }

    @Option(names = "--data-dir", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Data directory (default: $PORTCULLIS_HOME, else ~/.portcullis).")
    void setDataDir(Path dir) {
        context.dataDirOption(dir);
    }

    @Override
    public void run() {
        // "portcullis --data-dir X" alone: show what there is to do.
        spec.commandLine().usage(context.out());
    }
}
