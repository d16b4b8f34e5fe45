package dev.portcullis.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What a command line run may use from the outside world. Passed in (rather than read from
 * System) so the whole command line can run in-process in tests.
 *
 * @param console  the terminal for the master password prompt, or null
 * @param lockWait how long to wait for another process that holds the database
 */
public record CliEnvironment(PrintWriter out, PrintWriter err, Map<String, String> env, Console console,
                             Path userHome, Duration lockWait) {

    public static CliEnvironment system() {
        return new CliEnvironment(new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                System.getenv(), System.console(), Path.of(System.getProperty("user.home")),
                dev.portcullis.store.Database.DEFAULT_LOCK_WAIT);
    }
}
