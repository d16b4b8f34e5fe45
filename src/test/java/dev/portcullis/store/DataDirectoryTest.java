package dev.portcullis.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryTest {

    @TempDir
    Path tmp;

    @Test
    void optionWinsOverEnvironmentWhichWinsOverHome() {
        Path home = tmp.resolve("home");
        Map<String, String> env = Map.of(DataDirectory.ENV_HOME, tmp.resolve("env").toString());
        assertEquals(tmp.resolve("opt"), DataDirectory.resolve(tmp.resolve("opt"), env, home));
        assertEquals(tmp.resolve("env"), DataDirectory.resolve(null, env, home));
        assertEquals(home.resolve(".portcullis"), DataDirectory.resolve(null, Map.of(), home));
        assertEquals(home.resolve(".portcullis"), DataDirectory.resolve(null, Map.of(DataDirectory.ENV_HOME, " "), home));
    }

    @Test
    void createdOwnerOnly() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "no POSIX permissions here");
        Path dir = DataDirectory.ensure(tmp.resolve("a/b/.portcullis"));
        assertTrue(Files.isDirectory(dir));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    }

    @Test
    void databaseFileIsOwnerOnly() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "no POSIX permissions here");
        Database.open(tmp).close();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("portcullis.mv.db"))));
    }
}
