package dev.portcullis.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portcullis.rules.ShellScripts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fingerprints are exactly what OpenSSH prints, and quoting keeps any text one shell word. */
class HostKeyTest {

    @Test
    void fingerprintMatchesSshKeygen(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/ssh-keygen")), "ssh-keygen not installed");
        for (String type : new String[] {"ed25519", "ecdsa", "rsa"}) {
            Path key = dir.resolve("k_" + type);
            Process p = new ProcessBuilder("ssh-keygen", "-q", "-N", "", "-t", type, "-f", key.toString()).start();
            assertEquals(0, p.waitFor());
            String[] pub = Files.readString(dir.resolve("k_" + type + ".pub")).split(" ");
            Process l = new ProcessBuilder("ssh-keygen", "-lf", dir.resolve("k_" + type + ".pub").toString()).start();
            String expected = new String(l.getInputStream().readAllBytes()).split(" ")[1];
            assertEquals(expected, HostKey.fingerprint(Base64.getDecoder().decode(pub[1])), type);
        }
    }

    @Test
    void typedFingerprintsAreNormalized() {
        assertEquals("SHA256:abc", HostKey.normalizeFingerprint("  SHA256:abc= "));
        assertThrows(IllegalArgumentException.class, () -> HostKey.normalizeFingerprint("MD5:aa:bb"));
    }

    @Test
    void quotingSurvivesQuotes() {
        assertEquals("'it'\\''s'", ShellScripts.quote("it's"));
    }
}
