package dev.portcullis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Protocol;
import dev.portcullis.rules.ScriptGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptCommandTest {

    @TempDir
    Path tmp;
    CliRunner cli;

    @BeforeEach
    void setUp() {
        cli = CliRunner.withPasswordServer(tmp, "a-Password-1");
        assertEquals(0, cli.run("limit", "set", "vps1", "443", "--max", "3", "--mode", "connections",
                "--label", "alice $(touch /tmp/pwned)").code());
        assertEquals(0, cli.run("limit", "set", "vps1", "8443", "--max", "5", "--mode", "connections-per-ip",
                "--proto", "both").code());
    }

    @Test
    void printsTheGeneratedScriptWithTheStoredLimits() {
        CliRunner.Result r = cli.run("script", "vps1");
        assertEquals(0, r.code(), r::toString);
        String expected = new ScriptGenerator().generate("vps1", List.of(
                new LimitEntry(443, Protocol.TCP, LimitMode.CONNECTIONS, 3, 32, 64, "alice $(touch /tmp/pwned)",
                        false, true, 120),
                new LimitEntry(8443, Protocol.BOTH, LimitMode.CONNECTIONS_PER_IP, 5, 32, 64, "", false, true, 120)));
        assertEquals(expected, r.out());
        assertTrue(r.out().startsWith("#!/"), "a script starts with its interpreter line");
    }

    @Test
    void writesAnExecutableFileThatMatchesStandardOutput() throws Exception {
        Path file = tmp.resolve("portcullis-limits.sh");
        CliRunner.Result written = cli.run("script", "vps1", "-o", file.toString());
        assertEquals(0, written.code(), written::toString);
        assertEquals(cli.run("script", "vps1").out(), Files.readString(file));
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertTrue(Files.getPosixFilePermissions(file).contains(PosixFilePermission.OWNER_EXECUTE));
        }
        try (var siblings = Files.list(tmp)) {
            assertEquals(List.of(), siblings.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList(),
                    "no temporary file is left behind");
        }
    }

    @Test
    void anUnknownServerIsBadInputAndWritesNothing() {
        Path file = tmp.resolve("out.sh");
        CliRunner.Result r = cli.run("script", "nope", "-o", file.toString());
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains("nope"), r::toString);
        assertFalse(Files.exists(file));
    }

    @Test
    void anUnwritableTargetIsOneClearLine() {
        CliRunner.Result r = cli.run("script", "vps1", "-o", tmp.resolve("missing-dir/x.sh").toString());
        assertEquals(1, r.code(), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
        assertTrue(r.err().startsWith("portcullis: cannot write"), r::toString);
    }
}
