package dev.portcullis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code portcullis import} without a server to reach: bad input exits 2, an unreachable server 1. */
class ImportCommandTest {

    @TempDir
    Path tmp;
    CliRunner cli;

    @BeforeEach
    void setUp() {
        cli = new CliRunner(tmp.resolve("data")).env("VPS_PW", "ssh-Password-7f3a").env("HOME", tmp.toString());
        // Nothing listens on port 1 of the loopback address: the connection is refused at once.
        CliRunner.Result added = cli.run("server", "add", "vps1", "--host", "127.0.0.1", "--port", "1", "--password-env", "VPS_PW");
        assertEquals(0, added.code(), added.toString());
        assertEquals(0, cli.run("limit", "set", "vps1", "443", "--max", "3").code());
    }

    private void oneLineError(CliRunner.Result r, int code, String expected) {
        assertEquals(code, r.code(), r.toString());
        assertEquals("", r.out(), r.toString());
        assertEquals(1, r.err().lines().count(), r.toString());
        assertTrue(r.err().startsWith("portcullis: ") && r.err().contains(expected), r.toString());
    }

    @Test
    void badInputExitsTwoBeforeConnecting() {
        oneLineError(cli.run("import", "nosuch"), 2, "nosuch");
        oneLineError(cli.run("import", "vps1", "--max", "0"), 2, "0");
        oneLineError(cli.run("import", "vps1", "--max", "lots"), 2, "lots");
        oneLineError(cli.run("import", "vps1", "--mode", "everyone"), 2, "everyone");
        oneLineError(cli.run("import", "vps1", "--dry-run", "--yes"), 2, "--dry-run");
        oneLineError(cli.run("import"), 2, "SERVER");
        String listed = cli.run("limit", "list", "--json").out();
        assertTrue(listed.contains("\"port\":443") || listed.contains("\"port\" : 443"), listed);
        assertEquals(1, listed.split("\"port\"", -1).length - 1, "nothing added: " + listed);
    }

    @Test
    void anUnreachableServerExitsOneWithOneLine() {
        CliRunner.Result r = cli.run("import", "vps1", "--yes");
        oneLineError(r, 1, "cannot read the panel of vps1: unreachable: root@127.0.0.1:1: connection refused");
        CliRunner.Result json = cli.run("import", "vps1", "--json");
        oneLineError(json, 1, "unreachable");
    }

    @Test
    void helpNamesEveryOption() {
        CliRunner.Result r = cli.run("import", "--help");
        assertEquals(0, r.code(), r.toString());
        for (String option : new String[] {"--dry-run", "--yes", "--json", "--max", "--mode"}) {
            assertTrue(r.out().contains(option), r.toString());
        }
        assertTrue(cli.run("--help").out().contains("import"));
    }
}
