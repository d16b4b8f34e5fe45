package dev.portcullis.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portcullis.lab.LabExtension;
import dev.portcullis.lab.LabSshd;
import dev.portcullis.model.AuthKind;
import dev.portcullis.model.Server;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real sshd lets in PuTTY .ppk keys (v2 and v3, with and without a passphrase, as PuTTYgen on
 * Windows writes them: CRLF) and an OpenSSH key, each read from a folder whose name has spaces and
 * non-ASCII letters and given as Explorer's "Copy as path" writes it; a wrong passphrase is refused.
 */
class PuttyKeyLabTest {

    @RegisterExtension
    final LabExtension labs = new LabExtension();

    @Test
    void aRealSshdAcceptsPuttyAndOpenSshKeys(@TempDir Path tmp) throws Exception {
        LabSshd sshd = LabSshd.startReachable(labs.lab(), "ppk", "ed25519");
        for (String key : KeyFilesTest.KEYS) {
            sshd.authorize("root", KeyFilesTest.resource(key.replace(".ppk", "") + ".pub"));
        }
        Path folder = Files.createDirectories(tmp.resolve("My Keys Zoë 密钥"));
        InMemoryHostKeyStore hostKeys = new InMemoryHostKeyStore();
        for (String key : KeyFilesTest.KEYS) {
            Path file = folder.resolve(key);
            Files.writeString(file, KeyFilesTest.resource(key).replace("\r\n", "\n").replace("\n", "\r\n"),
                    StandardCharsets.UTF_8);
            Server server = new Server(0, "ppk", sshd.vps().ipv4(), 22, "root", AuthKind.KEY_FILE,
                    "\"" + file + "\"", false);
            SshConnector connector = connector(hostKeys, KeyFilesTest.passphraseFor(key));
            if (hostKeys.keysFor(server.host(), 22).isEmpty()) {
                connector.trust(server, sshd.fingerprints().get(0));
            }
            try (SshSession session = connector.open(server)) {
                ExecResult id = session.run("id -u", null, Duration.ofSeconds(20));
                assertEquals("0", id.stdout().strip(), key + ": " + id);
            }
            if (KeyFilesTest.passphraseFor(key).isPresent()) {
                RemoteException wrong = assertThrows(RemoteException.class,
                        () -> connector(hostKeys, Optional.of("wrong".toCharArray())).open(server), key);
                assertEquals(RemoteException.Reason.AUTH_FAILED, wrong.reason(), key);
            }
        }
    }

    private static SshConnector connector(HostKeyStore hostKeys, Optional<char[]> passphrase) {
        return new SshConnector(hostKeys, FixedCredentials.withKeyPassphrase(passphrase), SshSettings.defaults()
                .withConnect(Duration.ofSeconds(5)).withKnownHosts(null));
    }
}
