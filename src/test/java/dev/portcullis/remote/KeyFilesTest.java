package dev.portcullis.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import net.schmizz.sshj.SSHClient;
import org.junit.jupiter.api.Test;

/**
 * Key files as Windows and macOS operators have them: OpenSSH and PuTTY .ppk (v2 and v3, with and
 * without a passphrase, LF and CRLF), under paths with backslashes, spaces and non-ASCII names. The
 * fixtures under keys/ were made with puttygen 0.78 and ssh-keygen; passphrase "ppk secret".
 */
class KeyFilesTest {

    static final String PASSPHRASE = "ppk secret";
    /** Each fixture key and whether it has a passphrase. */
    static final List<String> KEYS = List.of("v2-rsa.ppk", "v2-ecdsa-passphrase.ppk", "v3-ed25519.ppk",
            "v3-ed25519-passphrase.ppk", "v3-rsa-passphrase.ppk", "openssh-ed25519-passphrase");

    static String resource(String name) throws IOException {
        try (InputStream in = KeyFilesTest.class.getResourceAsStream("keys/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static Optional<char[]> passphraseFor(String key) {
        return key.contains("passphrase") ? Optional.of(PASSPHRASE.toCharArray()) : Optional.empty();
    }

    static String publicFingerprint(String key) throws IOException {
        String pub = resource(key.replace(".ppk", "") + ".pub");
        return HostKey.fingerprint(Base64.getDecoder().decode(pub.split(" ")[1].strip()));
    }

    private static FileSystem windows() {
        return Jimfs.newFileSystem(Configuration.windows());
    }

    @Test
    void windowsPathsAsOperatorsWriteThem() throws IOException {
        String home = "C:\\Users\\Zoë Ахмедова";
        try (FileSystem fs = windows()) {
            Path expected = fs.getPath(home, "My Keys", "server key.ppk");
            assertEquals(expected, KeyFiles.path(fs, home, "C:\\Users\\Zoë Ахмедова\\My Keys\\server key.ppk"));
            assertEquals(expected, KeyFiles.path(fs, home, "\"C:\\Users\\Zoë Ахмедова\\My Keys\\server key.ppk\""),
                    "Explorer's \"Copy as path\" puts quotes around it");
            assertEquals(expected, KeyFiles.path(fs, home, "  C:/Users/Zoë Ахмедова/My Keys/server key.ppk "));
            assertEquals(expected, KeyFiles.path(fs, home, "~\\My Keys\\server key.ppk"));
            assertEquals(expected, KeyFiles.path(fs, home, "~/My Keys/server key.ppk"));
        }
        try (FileSystem mac = Jimfs.newFileSystem(Configuration.osX())) {
            assertEquals(mac.getPath("/Users/zoë/.ssh/id_ed25519"), KeyFiles.path(mac, "/Users/zoë", "~/.ssh/id_ed25519"));
            assertEquals(mac.getPath("/Users/zoë"), KeyFiles.path(mac, "/Users/zoë", "~"));
            assertEquals(mac.getPath("~other/key"), KeyFiles.path(mac, "/Users/zoë", "~other/key"));
        }
    }

    @Test
    void everyFixtureLoadsFromAWindowsPathInLfAndCrlf() throws IOException {
        try (FileSystem fs = windows()) {
            Path folder = Files.createDirectories(fs.getPath("C:\\Users\\Zoë Ахмедова\\Мои ключи 密钥"));
            for (String key : KEYS) {
                for (String ending : List.of("\n", "\r\n")) {
                    Path file = folder.resolve((ending.length() == 2 ? "crlf " : "lf ") + key);
                    Files.writeString(file, resource(key).replace("\r\n", "\n").replace("\n", ending));
                    Optional<char[]> passphrase = passphraseFor(key);
                    try (SSHClient client = new SSHClient()) {
                        String loaded = HostKey.of(KeyFiles.load(client, KeyFiles.path(fs, "C:\\Users\\Zoë Ахмедова",
                                file.toString()), passphrase).getPublic()).fingerprint();
                        assertEquals(publicFingerprint(key), loaded, file.toString());
                    }
                }
            }
        }
    }

    @Test
    void aWrongOrMissingPassphraseIsRefusedWhenLoading() throws IOException {
        try (FileSystem fs = windows()) {
            Path folder = Files.createDirectories(fs.getPath("C:\\keys"));
            for (String key : KEYS) {
                if (passphraseFor(key).isEmpty()) {
                    continue;
                }
                Path file = folder.resolve(key);
                Files.writeString(file, resource(key));
                try (SSHClient client = new SSHClient()) {
                    assertThrows(Exception.class, () -> KeyFiles.load(client, file, Optional.of("wrong".toCharArray())), key);
                    assertThrows(Exception.class, () -> KeyFiles.load(client, file, Optional.empty()), key);
                }
            }
        }
    }
}
