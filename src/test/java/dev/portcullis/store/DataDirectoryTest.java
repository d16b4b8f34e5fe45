package dev.portcullis.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.List;
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

    @Test
    void anExistingWiderFolderIsNarrowedToItsUser() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "no POSIX permissions here");
        Path dir = Files.createDirectories(tmp.resolve("home/.portcullis"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(dir.resolve("portcullis.log"), "old");
        DataDirectory.ensure(dir);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    }

    /** The real thing on Windows (NTFS access lists); elsewhere the POSIX tests above apply. */
    @Test
    void onWindowsTheRealFolderHasOneAccessEntryForTheUser() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("acl")
                && !FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "no access lists here (not Windows)");
        Path dir = DataDirectory.ensure(tmp.resolve("profile").resolve(".portcullis"));
        Files.writeString(dir.resolve("inside.txt"), "x");
        for (Path p : List.of(dir, dir.resolve("inside.txt"))) {
            List<AclEntry> entries = acl(p);
            assertEquals(1, entries.size(), p + ": " + entries);
            assertEquals(AclEntryType.ALLOW, entries.get(0).type());
            assertTrue(entries.get(0).principal().getName().endsWith(System.getProperty("user.name")),
                    entries.get(0).principal().getName());
        }
        DataDirectory.ensure(dir);
        assertEquals(1, acl(dir).size(), "checking again changes nothing");
    }

    private static FileSystem windows() {
        return Jimfs.newFileSystem(Configuration.windows().toBuilder()
                .setAttributeViews("basic", "owner", "dos", "acl", "user").build());
    }

    private static FileSystem macOs() {
        return Jimfs.newFileSystem(Configuration.osX().toBuilder()
                .setAttributeViews("basic", "owner", "posix", "unix").build());
    }

    @Test
    void onWindowsTheDefaultIsDotPortcullisInTheUserProfile() throws Exception {
        try (FileSystem fs = windows()) {
            Path profile = fs.getPath("C:\\Users\\Zoë Ахмедова");
            assertEquals("C:\\Users\\Zoë Ахмедова\\.portcullis", DataDirectory.resolve(null, Map.of(), profile).toString());
            assertEquals("C:\\Portcullis data", DataDirectory.resolve(null,
                    Map.of(DataDirectory.ENV_HOME, "C:\\Portcullis data\\"), profile).toString());
            assertEquals("C:\\work\\portcullis", DataDirectory.resolve(fs.getPath("C:\\work\\x\\..\\portcullis"),
                    Map.of(DataDirectory.ENV_HOME, "C:\\ignored"), profile).toString());
        }
    }

    @Test
    void onWindowsTheFolderIsForItsUserAlone() throws Exception {
        try (FileSystem fs = windows()) {
            Path profile = Files.createDirectories(fs.getPath("C:\\Users\\Zoë Ахмедова"));
            UserPrincipal user = fs.getUserPrincipalLookupService().lookupPrincipalByName(System.getProperty("user.name"));
            UserPrincipal everyone = fs.getUserPrincipalLookupService().lookupPrincipalByName("Everyone");
            AclEntry userOnly = DataDirectory.userOnly(user, true);

            Path dir = DataDirectory.ensure(DataDirectory.resolve(null, Map.of(), profile));
            assertEquals(List.of(userOnly), acl(dir), "a new folder: the user's full control, nothing inherited");

            Path older = Files.createDirectories(profile.resolve("older\\.portcullis"));
            acl(older, List.of(userOnly, AclEntry.newBuilder().setType(AclEntryType.ALLOW).setPrincipal(everyone)
                    .setPermissions(EnumSet.of(AclEntryPermission.READ_DATA)).build()));
            DataDirectory.ensure(older);
            assertEquals(List.of(userOnly), acl(older), "an existing Portcullis folder readable by others is narrowed");

            Path shared = Files.createDirectories(profile.resolve("Documents"));
            Files.writeString(shared.resolve("notes.txt"), "not ours");
            List<AclEntry> sharedAcl = List.of(AclEntry.newBuilder().setType(AclEntryType.ALLOW).setPrincipal(everyone)
                    .setPermissions(EnumSet.of(AclEntryPermission.READ_DATA)).build());
            acl(shared, sharedAcl);
            DataDirectory.ensure(shared);
            assertEquals(sharedAcl, acl(shared), "a folder that is not Portcullis' is left as it is");
        }
    }

    @Test
    void onMacOsTheFolderIsMode0700() throws Exception {
        try (FileSystem fs = macOs()) {
            Path home = Files.createDirectories(fs.getPath("/Users/zoë"));
            Path dir = DataDirectory.ensure(DataDirectory.resolve(null, Map.of(), home));
            assertEquals("/Users/zoë/.portcullis", dir.toString());
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));

            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            DataDirectory.ensure(dir);
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));

            Path shared = Files.createDirectories(home.resolve("Shared"));
            Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxr-x"));
            Files.writeString(shared.resolve("notes.txt"), "not ours");
            DataDirectory.ensure(shared);
            assertEquals("rwxrwxr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(shared)));
        }
    }

    private static List<AclEntry> acl(Path path) throws Exception {
        return Files.getFileAttributeView(path, AclFileAttributeView.class).getAcl();
    }

    private static void acl(Path path, List<AclEntry> entries) throws Exception {
        Files.getFileAttributeView(path, AclFileAttributeView.class).setAcl(entries);
    }
}
