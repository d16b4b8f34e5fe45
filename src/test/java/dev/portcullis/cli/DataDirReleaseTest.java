package dev.portcullis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.AppLogging;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A finished command holds no file of the data directory open: Windows refuses to delete or move a
 * folder with an open file in it (on Windows the temporary folder's clean-up is itself the check).
 */
public class DataDirReleaseTest {

    @Test
    void aFinishedCommandLeavesNoFileOfTheDataDirectoryOpen(@TempDir Path dir) throws IOException {
        CliRunner cli = new CliRunner(dir);
        CliRunner.Result r = cli.run("server", "list");
        assertEquals(0, r.code(), r::toString);
        assertTrue(Files.isRegularFile(dir.resolve(AppLogging.FILE_NAME)), "the command logged there");
        assertFalse(openByThisProcess(dir).isPresent(), () -> "still open: " + openByThisProcess(dir));
    }

    /** Linux: the first file under {@code dir} this process has open (empty where /proc is missing). */
    public static java.util.Optional<Path> openByThisProcess(Path dir) {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return java.util.Optional.empty();
        }
        Path real;
        try {
            real = dir.toRealPath();
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
        try (Stream<Path> list = Files.list(fds)) {
            List<Path> links = list.toList();
            for (Path fd : links) {
                try {
                    Path target = Files.readSymbolicLink(fd);
                    if (target.startsWith(real)) {
                        return java.util.Optional.of(target);
                    }
                } catch (IOException | UnsupportedOperationException gone) {
                    // closed meanwhile
                }
            }
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.empty();
    }
}
