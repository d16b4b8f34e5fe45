package dev.portcullis.cli;

import dev.portcullis.rules.ScriptGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code portcullis script SERVER [-o FILE]}: the standalone limits script, limits embedded. */
@Command(name = "script", mixinStandardHelpOptions = true,
        description = "Print (or write) the standalone script that installs the server's limits; "
                + "an admin runs it with 'sudo bash portcullis-limits.sh'.")
final class ScriptCommand implements Callable<Integer> {

    private final CliContext context;

    @Parameters(index = "0", paramLabel = "SERVER")
    String server;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    Path output;

    ScriptCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        String script = new ScriptGenerator().generate(server, context.inventory().settings(server),
                context.inventory().limits(server));
        if (output == null) {
            context.out().print(script);
            return Cli.OK;
        }
        writeAtomically(output, script);
        context.err().println("wrote " + output + " (" + script.length() + " bytes); run it on " + server
                + " with: sudo bash " + output.getFileName());
        return Cli.OK;
    }

    /** A reader of FILE sees the old script or the new one, never half of one. */
    static void writeAtomically(Path target, String text) {
        Path absolute = target.toAbsolutePath();
        try {
            Path temp = Files.createTempFile(absolute.getParent(), ".portcullis-", ".tmp");
            try {
                Files.writeString(temp, text, StandardCharsets.UTF_8);
                if (Files.getFileStore(temp).supportsFileAttributeView("posix")) {
                    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
                try {
                    Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
