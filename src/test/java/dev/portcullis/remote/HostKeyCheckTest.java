package dev.portcullis.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.Factory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the host-key check trusts: the record alone when there is one (any other key, a new type
 * included, is a changed key); else the matching known_hosts lines, as OpenSSH names them.
 */
class HostKeyCheckTest {

    private static final String HOST = "198.18.7.7";

    @TempDir
    static Path dir;

    private static String ed25519;
    private static String otherEd25519;
    private static String ecdsa;
    private static String ca;

    @BeforeAll
    static void keys() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/ssh-keygen")), "ssh-keygen not installed");
        ed25519 = keygen("a", "ed25519");
        otherEd25519 = keygen("b", "ed25519");
        ecdsa = keygen("c", "ecdsa");
        ca = keygen("ca", "ed25519");
    }

    /** "type base64" of a fresh key. */
    private static String keygen(String name, String type) throws Exception {
        Path key = dir.resolve(name);
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-N", "", "-t", type, "-f", key.toString()).start();
        assertEquals(0, p.waitFor());
        String[] pub = Files.readString(dir.resolve(name + ".pub")).split(" ");
        return pub[0] + " " + pub[1];
    }

    private static PublicKey publicKey(String typeAndBlob) throws Exception {
        return new Buffer.PlainBuffer(Base64.getDecoder().decode(typeAndBlob.split(" ")[1])).readPublicKey();
    }

    private static HostKey hostKey(String typeAndBlob) throws Exception {
        return HostKey.of(publicKey(typeAndBlob));
    }

    private static HostKeyCheck check(int port, List<HostKey> recorded, String knownHosts) throws Exception {
        Path file = Files.writeString(dir.resolve("known_hosts_" + System.nanoTime()), knownHosts);
        return new HostKeyCheck(HOST, port, recorded, HostKeyCheck.knownHosts(file));
    }

    private static RemoteException.Reason refusal(HostKeyCheck check, String presented) throws Exception {
        boolean ok = check.verify(HOST, 22, publicKey(presented));
        return ok ? null : check.failure().reason();
    }

    @Test
    void aKeyOfATypeNeverRecordedIsAChangedKeyNamingTheRecordedType() throws Exception {
        HostKeyCheck check = check(22, List.of(hostKey(ed25519)), "");
        assertEquals(RemoteException.Reason.HOST_KEY_CHANGED, refusal(check, ecdsa));
        assertTrue(check.failure().getMessage().contains("ssh-ed25519 " + hostKey(ed25519).fingerprint()),
                check.failure().getMessage());
        assertEquals(List.of("ssh-ed25519"), check.findExistingAlgorithms(HOST, 22), "only the recorded type is offered");
        assertEquals(null, refusal(check(22, List.of(hostKey(ed25519)), ""), ed25519));
    }

    @Test
    void theRecordDecidesAloneKnownHostsIsOnlyAFallback() throws Exception {
        HostKeyCheck check = check(22, List.of(hostKey(ed25519)), HOST + " " + ecdsa + "\n");
        assertEquals(RemoteException.Reason.HOST_KEY_CHANGED, refusal(check, ecdsa));
        assertEquals(null, refusal(check(22, List.of(), HOST + " " + ecdsa + "\n"), ecdsa));
    }

    @Test
    void anRsaRecordOffersOnlySha2Signatures() throws Exception {
        HostKey rsa = new HostKey("ssh-rsa", "SHA256:x", "AAAAB3NzaC1yc2E");
        assertEquals(List.of("rsa-sha2-512", "rsa-sha2-256"),
                new HostKeyCheck(HOST, 22, List.of(rsa), null).findExistingAlgorithms(HOST, 22));
    }

    @Test
    void bracketedNamesOnlyForOtherPortsAndThePlainNameOnlyForPort22() throws Exception {
        String lines = HOST + " " + ed25519 + "\n[" + HOST + "]:2222 " + otherEd25519 + "\n";
        assertEquals(null, refusal(check(22, List.of(), lines), ed25519));
        assertEquals(RemoteException.Reason.HOST_KEY_CHANGED, refusal(check(22, List.of(), lines), otherEd25519));
        assertEquals(null, refusal(check(2222, List.of(), lines), otherEd25519));
        assertEquals(RemoteException.Reason.HOST_KEY_CHANGED, refusal(check(2222, List.of(), lines), ed25519),
                "the port-22 line says nothing about port 2222");
        assertEquals(RemoteException.Reason.HOST_KEY_UNTRUSTED,
                refusal(check(2200, List.of(), HOST + " " + ed25519 + "\n"), ed25519));
    }

    @Test
    void everyMatchingLineCounts() throws Exception {
        String lines = HOST + " " + otherEd25519 + "\n" + HOST + " " + ed25519 + "\n";
        HostKeyCheck check = check(22, List.of(), lines);
        assertEquals(null, refusal(check, ed25519));
        assertEquals(List.of("ssh-ed25519"), check.findExistingAlgorithms(HOST, 22));
    }

    @Test
    void certificateAuthorityLinesAreSkippedAndRevokedKeysRefused() throws Exception {
        assertEquals(null, refusal(check(22, List.of(), "@cert-authority * " + ca + "\n" + HOST + " " + ed25519 + "\n"), ed25519));
        assertEquals(RemoteException.Reason.HOST_KEY_UNTRUSTED, refusal(check(22, List.of(), "@cert-authority * " + ca + "\n"), ed25519),
                "a CA line is no key of the host");
        String revoked = "@revoked * " + ed25519 + "\n" + HOST + " " + ed25519 + "\n";
        assertEquals(RemoteException.Reason.HOST_KEY_CHANGED, refusal(check(22, List.of(), revoked), ed25519));
        assertEquals(RemoteException.Reason.HOST_KEY_CHANGED, refusal(check(22, List.of(hostKey(ed25519)), revoked), ed25519),
                "a revoked key is refused even when recorded");
    }

    @Test
    void onlyModernAlgorithmsAreOffered() {
        SshConnector.ModernConfig config = new SshConnector.ModernConfig(List.of("ssh-ed25519", "ssh-rsa", "ssh-dss"));
        List<String> all = new java.util.ArrayList<>();
        all.addAll(Factory.Named.Util.getNames(config.getKeyExchangeFactories()));
        all.addAll(Factory.Named.Util.getNames(config.getCipherFactories()));
        all.addAll(Factory.Named.Util.getNames(config.getMACFactories()));
        all.addAll(Factory.Named.Util.getNames(config.getKeyAlgorithms()));
        for (String name : all) {
            assertFalse(name.contains("sha1") || name.contains("cbc") || name.contains("md5") || name.equals("ssh-rsa")
                    || name.contains("dss") || name.contains("group1-") || name.contains("arcfour"), name);
        }
        assertEquals(List.of("ssh-ed25519"), Factory.Named.Util.getNames(config.getKeyAlgorithms()),
                "host keys: only the pinned modern types");
        assertTrue(all.containsAll(List.of("curve25519-sha256", "chacha20-poly1305@openssh.com", "aes256-gcm@openssh.com",
                "aes128-ctr", "hmac-sha2-256-etm@openssh.com")), all.toString());
    }
}
