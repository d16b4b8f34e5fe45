package dev.portcullis.remote;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.password.PasswordUtils;

/**
 * Private key files as operators have them: OpenSSH (and PEM) keys, and PuTTY {@code .ppk} keys
 * (versions 2 and 3, with or without a passphrase; what PuTTYgen makes on Windows), named by a
 * path written the way the operator's system writes it (backslashes, spaces, any script, the
 * quotes of Windows' "Copy as path", a leading {@code ~}).
 */
final class KeyFiles {

    private KeyFiles() {
    }

    /** The file {@code location} names on this computer. */
    static Path path(String location) {
        return path(FileSystems.getDefault(), System.getProperty("user.home"), location);
    }

    static Path path(FileSystem fs, String userHome, String location) {
        String text = location.strip();
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            text = text.substring(1, text.length() - 1).strip();
        }
        if (text.equals("~")) {
            return fs.getPath(userHome);
        }
        if (text.startsWith("~/") || text.startsWith("~" + fs.getSeparator())) {
            return fs.getPath(userHome, text.substring(2));
        }
        return fs.getPath(text);
    }

    /**
     * Reads and, with {@code passphrase}, decrypts the key now, so that a wrong passphrase is told
     * apart from a refused login. The caller wipes the passphrase.
     */
    static KeyProvider load(SSHClient client, Path file, Optional<char[]> passphrase) throws IOException {
        // The file's text, not its name: sshj then tells the format from the content, whatever the path looks like.
        String text = Files.readString(file, StandardCharsets.UTF_8);
        KeyProvider key = passphrase.isPresent()
                ? client.loadKeys(text, null, PasswordUtils.createOneOff(passphrase.get().clone()))
                : client.loadKeys(text, null, null);
        key.getPublic();
        return key;
    }
}
