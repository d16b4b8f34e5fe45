package dev.portcullis.cli;

import dev.portcullis.AppContext;
import dev.portcullis.AppLogging;
import dev.portcullis.remote.SshSettings;
import dev.portcullis.store.DataDirectory;
import dev.portcullis.store.Database;
import dev.portcullis.store.EnvironmentMasterPassword;
import dev.portcullis.store.Inventory;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * One command line run: its streams and environment, the {@code --data-dir} choice, and the
 * services of that data directory, opened only when a command first needs them (so
 * {@code --help} and {@code --version} never touch the disk).
 */
public final class CliContext implements AutoCloseable {

    private final CliEnvironment environment;
    private final PrintWriter out;
    private final PrintWriter err;
    private Path dataDirOption;
    private AppContext app;

    public CliContext(CliEnvironment environment) {
        this.environment = environment;
        this.out = new PrintWriter(new EscapingWriter(environment.out()), true);
        this.err = new PrintWriter(new EscapingWriter(environment.err()), true);
    }

    void dataDirOption(Path dir) {
        this.dataDirOption = dir;
    }

    /** Standard output; everything printed shows control, bidi and format characters escaped. */
    public PrintWriter out() {
        return out;
    }

    /** Standard error, escaped as {@link #out()}. */
    public PrintWriter err() {
        return err;
    }

    /** Clears the terminal (the one control sequence the command line itself sends). */
    void clearScreen() {
        out.flush();
        environment.out().print("\033[H\033[2J");
        environment.out().flush();
    }

    /** The terminal, or null when there is none to ask on. */
    public java.io.Console console() {
        return environment.console();
    }

    /** The value of an environment variable, or null. */
    public String env(String name) {
        return environment.env().get(name);
    }

    /** The user's home folder (user.home): where .ssh/known_hosts is looked up. */
    public Path userHome() {
        return environment.userHome();
    }

    public Path dataDir() {
        return Database.checkDataDir(DataDirectory.resolve(dataDirOption, environment.env(), environment.userHome()));
    }

    public AppContext app() {
        if (app == null) {
            Path dir = DataDirectory.ensure(dataDir());
            AppLogging.toDataDir(dir);
            // The user's own .ssh folder on every system (user.home, also on Windows where HOME is unset).
            SshSettings ssh = SshSettings.defaults()
                    .withKnownHosts(environment.userHome().resolve(".ssh").resolve("known_hosts"));
            app = AppContext.open(dir, new EnvironmentMasterPassword(environment.env(), environment.console()),
                    environment.lockWait(), ssh);
        }
        return app;
    }

    public Inventory inventory() {
        return app().inventory();
    }

    @Override
    public void close() {
        if (app != null) {
            try {
                app.close();
            } finally {
                app = null;
                AppLogging.close();
            }
        }
    }
}
