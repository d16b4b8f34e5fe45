package dev.portcullis.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryFlag;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where Portcullis keeps its database and log: {@code --data-dir}, else {@code PORTCULLIS_HOME},
 * else {@code .portcullis} in the user's home ({@code %USERPROFILE%\.portcullis} on Windows,
 * {@code ~/.portcullis} elsewhere). The folder holds sealed secrets and host keys, so it is readable
 * by its user only: POSIX mode 0700, or on Windows an access list with one entry, the user's full
 * control, inherited by what is created inside and replacing every inherited entry.
 */
public final class DataDirectory {

    public static final String ENV_HOME = "PORTCULLIS_HOME";
    public static final String DEFAULT_NAME = ".portcullis";

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    private DataDirectory() {
    }

    /** Picks the folder without touching the disk ({@code userHome}'s file system is used throughout). */
    public static Path resolve(Path option, Map<String, String> env, Path userHome) {
        if (option != null) {
            return option.toAbsolutePath().normalize();
        }
        String fromEnv = env.get(ENV_HOME);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return userHome.getFileSystem().getPath(fromEnv).toAbsolutePath().normalize();
        }
        return userHome.resolve(DEFAULT_NAME).toAbsolutePath().normalize();
    }

    /** The folder the running program uses, from its real environment and home. */
    public static Path resolve(Path option) {
        return resolve(option, System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** Makes a file in the data directory readable by its owner only; best effort. */
    public static void ownerOnlyFile(Path file) {
        try {
            if (Files.exists(file)) {
                restrictToUser(file, false);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // The folder itself is owner-only; a file we cannot narrow further is not worth failing for.
        }
    }

    /**
     * Creates the folder readable by its user only if missing; an existing Portcullis folder (the
     * default one, one holding the database, or an empty one) is narrowed to its user if it is
     * wider. Any other existing folder is used as it is: {@code --data-dir} may name a folder that
     * is not Portcullis' to change. Returns the folder.
     */
    public static Path ensure(Path dir) {
        try {
            boolean created = false;
            if (!Files.isDirectory(dir)) {
                Path parent = dir.getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                try {
                    if (posix(dir)) {
                        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                    } else {
                        Files.createDirectory(dir);
                    }
                    created = true;
                } catch (FileAlreadyExistsException e) {
                    if (!Files.isDirectory(dir)) {
                        throw e;
                    }
                    // another process made it just now
                }
            }
            if (created || isPortcullisFolder(dir)) {
                restrictToUser(dir, true);
            }
            return dir;
        } catch (IOException | UnsupportedOperationException e) {
            throw new StoreException("cannot create the data directory " + dir + ", or make it readable by its user only: "
                    + e.getMessage(), e);
        }
    }

    private static boolean isPortcullisFolder(Path dir) throws IOException {
        if (DEFAULT_NAME.equals(String.valueOf(dir.getFileName())) || Files.exists(dir.resolve(Database.FILE_NAME + ".mv.db"))) {
            return true;
        }
        try (Stream<Path> content = Files.list(dir)) {
            return content.findAny().isEmpty();
        }
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** POSIX 0700/0600; else (Windows) an access list of the user's full control alone; else nothing to narrow. */
    private static void restrictToUser(Path path, boolean directory) throws IOException {
        PosixFileAttributeView posix = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        if (posix != null) {
            Set<PosixFilePermission> wanted = directory ? OWNER_ONLY : OWNER_ONLY_FILE;
            if (!posix.readAttributes().permissions().equals(wanted)) {
                // The umask may have removed bits from the requested mode, or the folder was made wider.
                posix.setPermissions(wanted);
            }
            return;
        }
        AclFileAttributeView acl = Files.getFileAttributeView(path, AclFileAttributeView.class);
        if (acl != null) {
            List<AclEntry> wanted = List.of(userOnly(currentUser(path, acl), directory));
            if (!acl.getAcl().equals(wanted)) {
                acl.setAcl(wanted);
            }
        }
    }

    /** Full control for {@code user}; on a folder, inherited by every file and folder made inside. */
    static AclEntry userOnly(UserPrincipal user, boolean directory) {
        AclEntry.Builder entry = AclEntry.newBuilder()
                .setType(AclEntryType.ALLOW)
                .setPrincipal(user)
                .setPermissions(EnumSet.allOf(AclEntryPermission.class));
        if (directory) {
            entry.setFlags(AclEntryFlag.FILE_INHERIT, AclEntryFlag.DIRECTORY_INHERIT);
        }
        return entry.build();
    }

    /** The account running Portcullis; the folder's owner where the name cannot be looked up. */
    private static UserPrincipal currentUser(Path path, AclFileAttributeView acl) throws IOException {
        try {
            return path.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(System.getProperty("user.name"));
        } catch (UserPrincipalNotFoundException | UnsupportedOperationException e) {
            return acl.getOwner();
        }
    }
}
