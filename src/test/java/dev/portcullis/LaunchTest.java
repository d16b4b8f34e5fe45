package dev.portcullis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Only a command makes it the command line; {@code --data-dir DIR} alone opens the window there. */
class LaunchTest {

    @Test
    void noArgumentsOpenTheWindowOnTheDefaultDirectory() {
        assertEquals(new Launch(true, null), Launch.of(List.of()));
    }

    @Test
    void dataDirAloneOpensTheWindowOnThatDirectory() {
        assertEquals(new Launch(true, Path.of("work data")), Launch.of(List.of("--data-dir", "work data")));
        assertEquals(new Launch(true, Path.of("C:\\Users\\Zoë\\portcullis")), Launch.of(List.of("--data-dir=C:\\Users\\Zoë\\portcullis")));
    }

    @Test
    void aCommandOrAnotherOptionMakesItTheCommandLine() {
        for (List<String> args : List.of(
                List.of("--data-dir", "d", "server", "list"),
                List.of("server", "list", "--data-dir", "d"),
                List.of("--data-dir", "d", "--version"),
                List.of("--version"),
                List.of("--help"),
                List.of("--data-dir"),
                List.of("--data-dir", "--help"),
                List.of("--data-dir="),
                List.of("script"))) {
            Launch launch = Launch.of(args);
            assertFalse(launch.window(), args + " is the command line");
            assertNull(launch.dataDirOption());
        }
    }

    @Test
    void theWindowIsNeverTheCommandLine() {
        assertTrue(Launch.of(List.of("--data-dir", "/srv/portcullis")).window());
    }
}
