package dev.portcullis.store;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;

/**
 * Where Portcullis keeps its database and log: {@code --data-dir}, else {@code PORTCULLIS_HOME},
 * else {@code ~/.portcullis}. The folder holds sealed secrets and host keys, so it is created
 * readable by its owner only where the file system knows POSIX permissions.
 */
public final class DataDirectory {

    public static final String ENV_HOME = "PORTCULLIS_HOME";
    public static final String DEFAULT_NAME = ".portcullis";

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private DataDirectory() {
    }

    /** Picks the folder without touching the disk. */
    public static Path resolve(Path option, Map<String, String> env, Path userHome) {
        if (option != null) {
            return option.toAbsolutePath().normalize();
        }
        String fromEnv = env.get(ENV_HOME);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv).toAbsolutePath().normalize();
        }
        return userHome.resolve(DEFAULT_NAME).toAbsolutePath().normalize();
    }

    /** The folder the running program uses, from its real environment and home. */
    public static Path resolve(Path option) {
        return resolve(option, System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** Makes a file in the data directory readable by its owner only (where POSIX); best effort. */
    public static void ownerOnlyFile(Path file) {
        try {
            if (Files.exists(file) && FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
        } catch (IOException | UnsupportedOperationException e) {
            // The folder itself is owner-only; a file we cannot narrow further is not worth failing for.
        }
    }

    /** Creates the folder (owner-only where POSIX) if missing; returns it. */
    public static Path ensure(Path dir) {
        try {
            if (Files.isDirectory(dir)) {
                return dir;
            }
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Path parent = dir.getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                // The umask may have removed bits from the requested mode; set it exactly.
                Files.setPosixFilePermissions(dir, OWNER_ONLY);
            } else {
                Files.createDirectories(dir);
            }
            return dir;
        } catch (IOException e) {
            throw new StoreException("cannot create the data directory " + dir + ": " + e.getMessage(), e);
        }
    }
}
