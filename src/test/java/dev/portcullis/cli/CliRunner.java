package dev.portcullis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.AppContext;
import dev.portcullis.lab.LabSshd;
import dev.portcullis.model.LimitEntry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Runs the command line in-process with captured output and a controlled environment. */
final class CliRunner {

    static final String MASTER = "master-password-for-tests";

    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private final Path dataDir;
    private final Map<String, String> env = new HashMap<>();

    /** The result, asserted to have exit code 0. */
    static Result ok(Result r) {
        assertEquals(0, r.code(), r.toString());
        return r;
    }

    /**
     * A command line on the data directory {@code dir/data} (HOME {@code dir}) that knows the lab
     * server as "vps1": {@code user} logs in with {@code key}; the server's first host key is trusted.
     */
    static CliRunner withLabServer(Path dir, LabSshd sshd, String user, Path key) {
        CliRunner cli = new CliRunner(dir.resolve("data")).env("HOME", dir.toString());
        ok(cli.run("server", "add", "vps1", "--host", sshd.vps().ipv4(), "--user", user, "--key", key.toString()));
        ok(cli.run("server", "trust", "vps1", "--fingerprint", sshd.fingerprints().get(0)));
        return cli;
    }

    /** The limits stored for a server in a data directory, read as the application reads them. */
    static List<LimitEntry> limits(Path data, String server) {
        try (AppContext app = AppContext.open(data, creating -> MASTER.toCharArray())) {
            return app.inventory().limits(server);
        }
    }

    /**
     * A command line on the data directory {@code dir/data} that knows "vps1" at 198.18.0.5, logging in
     * with {@code password} from the environment variable VPS_PW.
     */
    static CliRunner withPasswordServer(Path dir, String password) {
        CliRunner cli = new CliRunner(dir.resolve("data")).env("VPS_PW", password);
        ok(cli.run("server", "add", "vps1", "--host", "198.18.0.5", "--password-env", "VPS_PW"));
        return cli;
    }

    /** The field names of a JSON object, in their order. */
    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    CliRunner(Path dataDir) {
        this.dataDir = dataDir;
        env.put("PORTCULLIS_MASTER_PASSWORD", MASTER);
    }

    CliRunner env(String name, String value) {
        if (value == null) {
            env.remove(name);
        } else {
            env.put(name, value);
        }
        return this;
    }

    /** With {@code --data-dir} put first. */
    Result run(String... args) {
        String[] full = new String[args.length + 2];
        full[0] = "--data-dir";
        full[1] = dataDir.toString();
        System.arraycopy(args, 0, full, 2, args.length);
        return raw(full);
    }

    /** Runs {@code args}, asserting exit status 2 with one "portcullis: " line on stderr and nothing on stdout. */
    Result badInput(String... args) {
        Result r = run(args);
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().startsWith("portcullis: "), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
        assertEquals("", r.out(), r::toString);
        return r;
    }

    /** Exactly these arguments. */
    Result raw(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(args, new CliEnvironment(new PrintWriter(out, true), new PrintWriter(err, true),
                Map.copyOf(env), null, dataDir.resolve("home"), Duration.ofSeconds(30)));
        // println ends lines with the system's separator (CRLF on Windows); the tests compare with LF.
        return new Result(code, lf(out.toString()), lf(err.toString()));
    }

    private static String lf(String text) {
        return text.replace(System.lineSeparator(), "\n");
    }
}
