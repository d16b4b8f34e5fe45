package dev.portcullis.cli;

import dev.portcullis.model.TerminalText;
import dev.portcullis.model.ValidationException;
import dev.portcullis.store.MasterPasswordException;
import dev.portcullis.store.StoreException;
import java.io.PrintWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The command line entry: parses, runs one command, maps the outcome to the exit status of
 * DESIGN.md (0 success, 1 an operation failed, 2 bad input) and prints errors as one line
 * {@code portcullis: <message>} on stderr.
 */
public final class Cli {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;

    private static final Logger LOG = LoggerFactory.getLogger(Cli.class);

    private Cli() {
    }

    public static int run(String[] args) {
        return run(args, CliEnvironment.system());
    }

    public static int run(String[] args, CliEnvironment environment) {
        try (CliContext context = new CliContext(environment)) {
            CommandLine cmd = commandLine(context);
            int code = cmd.execute(args);
            context.out().flush();
            context.err().flush();
            return code;
        } catch (StoreException e) {
            // Closing the database failed after the command ran.
            environment.err().println("portcullis: " + TerminalText.escape(e.getMessage()));
            environment.err().flush();
            return FAILED;
        }
    }

    static CommandLine commandLine(CliContext context) {
        CommandLine cmd = new CommandLine(PortcullisCommand.class, new CommandFactory(context));
        // Usage help in plain text: the output path escapes control sequences, colours included.
        cmd.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        cmd.setOut(context.out());
        cmd.setErr(context.err());
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setExitCodeExceptionMapper(Cli::exitCode);
        cmd.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("portcullis: " + oneLine(e.getMessage()) + " (see '"
                    + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return BAD_INPUT;
        });
        cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            int code = exitCode(e);
            String message = e instanceof ValidationException || e instanceof StoreException
                    || e instanceof java.io.UncheckedIOException
                    ? e.getMessage()
                    : "unexpected error: " + e;
            if (code == FAILED) {
                LOG.error("command failed", e);
            }
            commandLine.getErr().println("portcullis: " + oneLine(message));
            return code;
        });
        return cmd;
    }

    static int exitCode(Throwable e) {
        if (e instanceof ValidationException || e instanceof MasterPasswordException
                || e instanceof CommandLine.ParameterException) {
            return BAD_INPUT;
        }
        return FAILED;
    }

    private static String oneLine(String message) {
        return String.valueOf(message).replaceAll("[\\r\\n]+", " ").trim();
    }
}
