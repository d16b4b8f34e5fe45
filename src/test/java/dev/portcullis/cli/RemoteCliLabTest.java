package dev.portcullis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.lab.Lab;
import dev.portcullis.lab.LabSshd;
import dev.portcullis.lab.LabVps;
import dev.portcullis.lab.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code server trust}, {@code plan} and {@code sync} on the command line against a real sshd. */
class RemoteCliLabTest {

    @Test
    void trustShowsRecordsAndRefusesAWrongFingerprint(@TempDir Path dir) throws Exception {
        try (Lab lab = Lab.create()) {
            lab.attachTestJvm();
            LabSshd sshd = LabSshd.start(LabVps.create(lab, "cli"), "ed25519", "ecdsa");
            Path key = dir.resolve("id");
            Shell.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString());
            sshd.authorize("root", Files.readString(dir.resolve("id.pub")));
            CliRunner cli = new CliRunner(dir.resolve("data")).env("HOME", dir.toString());
            CliRunner.Result added = cli.run("server", "add", "vps1", "--host", sshd.vps().ipv4(), "--key", key.toString());
            assertEquals(0, added.code(), added.toString());

            CliRunner.Result shown = cli.run("server", "trust", "vps1");
            assertEquals(0, shown.code(), shown.toString());
            for (String fp : sshd.fingerprints()) {
                assertTrue(shown.out().contains(fp), shown.toString());
            }
            assertTrue(shown.out().contains("nothing recorded"), shown.toString());

            CliRunner.Result bad = cli.run("server", "trust", "vps1", "--fingerprint", "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
            assertEquals(1, bad.code(), bad.toString());
            assertTrue(bad.err().contains("does not present"), bad.toString());
            CliRunner.Result garbage = cli.run("server", "trust", "vps1", "--fingerprint", "md5:aa");
            assertEquals(2, garbage.code(), garbage.toString());

            CliRunner.Result trusted = cli.run("server", "trust", "vps1", "--fingerprint", sshd.fingerprints().get(1));
            assertEquals(0, trusted.code(), trusted.toString());
            assertTrue(trusted.out().contains("trusted ssh-ed25519 " + sshd.fingerprints().get(0)), trusted.toString());

            CliRunner.Result neither = cli.run("sync");
            assertEquals(2, neither.code(), neither.toString());
            CliRunner.Result unknown = cli.run("plan", "nosuch");
            assertTrue(unknown.code() != 0, unknown.toString());
        }
    }
}
