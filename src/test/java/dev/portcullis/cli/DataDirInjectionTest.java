package dev.portcullis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.model.ValidationException;
import dev.portcullis.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A data directory path that would carry settings into the H2 URL is bad input, refused before anything runs. */
class DataDirInjectionTest {

    @Test
    void aDataDirWithInitSettingsIsRefusedAndRunsNothing(@TempDir Path dir) throws Exception {
        Path marker = dir.resolve("pwned");
        Path script = Files.writeString(dir.resolve("evil.sql"), "CALL FILE_WRITE('x', '" + marker + "');\n");
        String injected = dir.resolve("data") + ";INIT=RUNSCRIPT FROM '" + script + "'";

        CliRunner cli = new CliRunner(dir.resolve("unused"));
        CliRunner.Result option = cli.raw("--data-dir", injected, "server", "list");
        assertEquals(2, option.code(), option.toString());
        assertEquals("", option.out(), option.toString());
        assertTrue(option.err().startsWith("portcullis: invalid data directory '" + dir.resolve("data") + ";INIT="), option.toString());
        assertTrue(option.err().contains("': a folder whose path has no ';' and no control characters"), option.toString());
        assertEquals(1, option.err().lines().count(), option.toString());

        CliRunner.Result env = cli.env("PORTCULLIS_HOME", injected).raw("limit", "list");
        assertEquals(2, env.code(), env.toString());
        assertTrue(env.err().contains("invalid data directory"), env.toString());

        assertFalse(Files.exists(marker), "the INIT script did not run");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "nothing was created next to the script");
        }
        assertThrows(ValidationException.class, () -> Database.open(Path.of(injected)));
        assertFalse(Files.exists(marker));
    }

    @Test
    void anOrdinaryDataDirStillWorks(@TempDir Path dir) {
        CliRunner.Result ok = new CliRunner(dir.resolve("data with spaces, ü and 'quotes'")).run("server", "list");
        assertEquals(0, ok.code(), ok.toString());
    }
}
