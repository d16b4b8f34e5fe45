package dev.portcullis.cli;

import static dev.portcullis.cli.CliRunner.limits;
import static dev.portcullis.cli.CliRunner.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.importer.Fixtures;
import dev.portcullis.importer.PanelFetcher;
import dev.portcullis.lab.LabExtension;
import dev.portcullis.lab.LabSshd;
import dev.portcullis.lab.LabVps;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile server against the real command line over real SSH: it prints terminal escapes,
 * answers with 2 GB streams and files, serves a crafted panel database, and lets an unprivileged
 * process pose as the panel. Each is one clear error (or is ignored), the terminal sees only
 * escaped text, the local store keeps its rows, and ordinary imports and plans still work.
 */
class HostileServerLabTest {

    private static final String DB = "/etc/x-ui/x-ui.db";
    private static final String XRAY = "/usr/local/etc/xray/config.json";
    private static final String OSC52 = "\u001b]52;c;cm0gLXJmIH4=\u0007";
    private static final String TWO_GB = Long.toString(2L << 30);

    @RegisterExtension
    final LabExtension labs = new LabExtension();

    @Test
    void aHostileServerCannotSteerFloodOrDriveTheTerminal(@TempDir Path dir) throws Exception {
        Fixtures.assumeSqlite3();
        LabSshd sshd = LabSshd.startReachable(labs.lab(), "hostile", "ed25519");
        LabVps vps = sshd.vps();
        // A /tmp of the server's own, as on a real server where every user may write there.
        vps.exec("mount", "-t", "tmpfs", "-o", "mode=1777", "labtmp", "/tmp").orThrow();
        vps.bash("rm -rf /etc/default/x-ui /etc/x-ui; rm -f \"$@\"", PanelFetcher.CONFIG_PATHS.toArray(String[]::new)).orThrow();
        vps.exec("mkdir", "-p", "/etc/x-ui").orThrow();
        vps.execWithInput(Fixtures.resource(Fixtures.THREE_X_UI_SQL), "sqlite3", "-bail", DB).orThrow();

        Path key = sshd.authorizeNewKey("root", dir);
        sshd.addUser("ops", "ops pass", "password");
        Path data = dir.resolve("data");
        CliRunner cli = new CliRunner(data).env("HOME", dir.toString()).env("OPS_PW", "ops pass");
        ok(cli.run("server", "add", "vps1", "--host", vps.ipv4(), "--key", key.toString()));
        ok(cli.run("server", "add", "ops", "--host", vps.ipv4(), "--user", "ops", "--password-env", "OPS_PW"));
        ok(cli.run("server", "trust", "vps1", "--yes"));
        ok(cli.run("server", "trust", "ops", "--yes"));
        ok(cli.run("limit", "set", "vps1", "7777", "--max", "5", "--mode", "connections"));
        List<LimitEntry> stored = List.of(LimitEntry.of(7777, LimitMode.CONNECTIONS, 5));

        // 1. Steering: a process named x-ui run by nobody, pointing at a database of its own in /tmp.
        vps.bash("mkdir /tmp/evil && sqlite3 -bail /tmp/evil/x-ui.db && chown -R nobody: /tmp/evil && cp /bin/sleep /tmp/x-ui",
                "").orThrow();
        vps.execWithInput(Fixtures.resource(Fixtures.VAXILU_SQL), "sqlite3", "-bail", "/tmp/evil/x-ui.db").orThrow();
        Process fake = vps.spawn("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                "env", "XUI_DB_FOLDER=/tmp/evil", "/tmp/x-ui", "600");
        waitForProcess(vps, "nobody");
        CliRunner.Result steered = ok(cli.run("import", "vps1", "--dry-run"));
        assertTrue(steered.out().startsWith("Import for vps1 from " + DB + "\n"), steered.toString());
        assertTrue(steered.out().contains("note: read " + DB + " (root-owned, the default folder)\n"), steered.toString());
        assertFalse(steered.out().contains("ali-phone"), "the database in /tmp was not read: " + steered);
        vps.host().stop(fake);

        // ... while root's own panel process is followed, and says so.
        vps.bash("mkdir -p /var/lib/panel && cp /etc/x-ui/x-ui.db /var/lib/panel/x-ui.db").orThrow();
        Process root = vps.spawn("env", "XUI_DB_FOLDER=/var/lib/panel", "/tmp/x-ui", "600");
        waitForProcess(vps, "root");
        CliRunner.Result followed = ok(cli.run("import", "vps1", "--dry-run"));
        assertTrue(followed.out().contains("note: read /var/lib/panel/x-ui.db (root-owned, from the x-ui process of root (pid "),
                followed.toString());
        vps.host().stop(root);

        // A root-owned settings file naming a folder everyone may write to: not read, and said so.
        vps.writeFile("/etc/default/x-ui", "XUI_DB_FOLDER=/tmp/evil\n");
        CliRunner.Result unsafe = ok(cli.run("import", "vps1", "--dry-run"));
        assertTrue(unsafe.out().contains("WARNING: not read /tmp/evil/x-ui.db (from /etc/default/x-ui): it or a folder above"
                + " it is not owned by root, or is writable by others"), unsafe.toString());
        assertFalse(unsafe.out().contains("ali-phone"), unsafe.toString());
        vps.exec("rm", "/etc/default/x-ui").orThrow();

        // 2. Terminal escapes in what the server's tools print reach the terminal escaped.
        vps.writeFile("/usr/local/sbin/sqlite3", "#!/bin/sh\nprintf 'Error: "
                + OSC52.replace("\u001b", "\\033").replace("\u0007", "\\007") + "\\342\\200\\256ko\\n' >&2\nexit 1\n");
        vps.exec("chmod", "755", "/usr/local/sbin/sqlite3").orThrow();
        CliRunner.Result escaped = cli.run("import", "vps1", "--yes");
        assertEquals(1, escaped.code(), escaped.toString());
        assertTrue(escaped.err().contains("sqlite3 could not copy it (Error: \\x1b]52;c;cm0gLXJmIH4=\\x07\\u202eko)"),
                escaped.toString());
        assertNoRawControls(escaped);

        // 3. 2 GB answers: a tool's error output, a config file (as root over SFTP and through sudo), a command's output.
        vps.writeFile("/usr/local/sbin/sqlite3", "#!/bin/sh\nhead -c " + TWO_GB + " /dev/zero >&2\nexit 1\n");
        CliRunner.Result flood = cli.run("import", "vps1", "--yes");
        assertEquals(1, flood.code(), flood.toString());
        assertEquals("portcullis: cannot read the panel of vps1: error: root@" + vps.ipv4() + ":22 sent more than 16 MiB as a"
                + " command's error output; stopped reading\n", flood.err(), flood.toString());
        vps.exec("rm", "/usr/local/sbin/sqlite3").orThrow();

        vps.bash("mkdir -p \"$(dirname \"$1\")\" && truncate -s " + TWO_GB + " \"$1\"", XRAY).orThrow();
        for (String server : List.of("vps1", "ops")) {
            CliRunner.Result big = cli.run("import", server, "--yes");
            assertEquals(1, big.code(), big.toString());
            assertEquals("portcullis: cannot read the panel of " + server + ": error: " + XRAY + " on " + (server.equals("ops") ? "ops@" : "root@")
                    + vps.ipv4() + ":22 is 2 GiB, more than the 16 MiB allowed\n", big.err(), big.toString());
        }
        vps.exec("rm", XRAY).orThrow();
        assertEquals("", vps.bash("ls -A /tmp | grep portcullis; exit 0").stdout(), "no copy left on the server");

        vps.bash("mkdir -p /etc/portcullis && truncate -s " + TWO_GB + " /etc/portcullis/limits.conf").orThrow();
        long started = System.nanoTime();
        CliRunner.Result plan = cli.run("plan", "vps1");
        System.out.printf("plan against a 2 GB limits.conf stopped after %.2f s%n", (System.nanoTime() - started) / 1e9);
        assertEquals(1, plan.code(), plan.toString());
        assertTrue(plan.out().contains("vps1: cannot plan: error: root@" + vps.ipv4() + ":22 sent more than 16 MiB as a"
                + " command's output; stopped reading"), plan.toString());
        // A sync reads the state and is then asked for the new rules in one command: the same bound holds there.
        started = System.nanoTime();
        CliRunner.Result sync = cli.run("sync", "vps1");
        System.out.printf("sync against a 2 GB limits.conf stopped after %.2f s%n", (System.nanoTime() - started) / 1e9);
        assertEquals(1, sync.code(), sync.toString());
        assertTrue((sync.out() + sync.err()).contains("sent more than 16 MiB as a command's output; stopped reading"),
                sync.toString());
        vps.exec("rm", "/etc/portcullis/limits.conf").orThrow();
        ok(cli.run("plan", "vps1"));

        // 4. A crafted panel database: refused before a value is computed.
        vps.execWithInput("ALTER TABLE inbounds ADD COLUMN pad TEXT GENERATED ALWAYS AS (printf('%.*c', 1000000000, 'x')) VIRTUAL;\n",
                "sqlite3", "-bail", DB).orThrow();
        CliRunner.Result crafted = cli.run("import", "vps1", "--yes");
        assertEquals(1, crafted.code(), crafted.toString());
        assertTrue(crafted.err().contains("cannot read x-ui database " + DB + ": column 'pad' of 'inbounds' is generated"),
                crafted.toString());

        // Nothing of this reached the local store, which still opens and holds its rows; a real import still works.
        assertEquals(stored, limits(data, "vps1"));
        vps.execWithInput("ALTER TABLE inbounds DROP COLUMN pad;\n", "sqlite3", "-bail", DB).orThrow();
        CliRunner.Result fine = ok(cli.run("import", "vps1", "--yes"));
        java.util.regex.Matcher saved = java.util.regex.Pattern.compile("saved (\\d+) entries for vps1").matcher(fine.out());
        assertTrue(saved.find(), fine.toString());
        assertEquals(Integer.parseInt(saved.group(1)) + 1, limits(data, "vps1").size(), "the panel's entries and 7777");
    }

    /** Waits (bounded) until the fake panel runs as that user. */
    private static void waitForProcess(LabVps vps, String user) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (vps.exec("pgrep", "-x", "-u", user, "x-ui").ok()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the x-ui process of " + user + " did not start");
    }

    private static void assertNoRawControls(CliRunner.Result r) {
        for (String s : new String[] {r.out(), r.err()}) {
            assertFalse(s.chars().anyMatch(c -> c == 0x1b || c == 0x07 || c == 0x202e), "raw control characters in: " + r);
        }
    }
}
