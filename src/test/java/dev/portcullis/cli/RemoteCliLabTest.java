package dev.portcullis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.lab.LabExtension;
import dev.portcullis.lab.LabSshd;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code server trust}, {@code plan} and {@code sync} on the command line against a real sshd and the real script. */
class RemoteCliLabTest {

    @RegisterExtension
    final LabExtension labs = new LabExtension();

    @Test
    void trustThenPlanAndSyncOnTheCommandLine(@TempDir Path dir) throws Exception {
        LabSshd sshd = LabSshd.startReachable(labs.lab(), "cli", "ed25519", "ecdsa");
        Path key = sshd.authorizeNewKey("root", dir);
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
        // Only the confirmed (ECDSA) key is recorded; later connections ask for that type only.
        assertTrue(trusted.out().contains("trusted ecdsa-sha2-nistp256 " + sshd.fingerprints().get(1)), trusted.toString());
        assertFalse(trusted.out().contains(sshd.fingerprints().get(0)), trusted.toString());

        assertEquals(0, cli.run("limit", "set", "vps1", "8443", "--max", "3", "--mode", "connections-per-ip").code());
        CliRunner.Result plan = cli.run("plan", "vps1");
        assertEquals(0, plan.code(), plan.toString());
        assertTrue(plan.out().contains("vps1: ") && plan.out().contains("not installed"), plan.toString());

        CliRunner.Result sync = cli.run("sync", "--all", "--json");
        assertEquals(0, sync.code(), sync.toString());
        JsonNode result = new ObjectMapper().readTree(sync.out()).get("results").get(0);
        assertEquals("vps1", result.get("server").asText());
        assertEquals("ok", result.get("status").asText(), sync.toString());
        assertTrue(result.get("error").isNull());
        assertTrue(sync.err().contains("vps1") && sync.err().contains("ok"), "progress on stderr: " + sync);
        String v4 = sshd.vps().exec("iptables-save", "-t", "filter").stdout();
        assertTrue(v4.contains("--ctorigdstport 8443 -m connlimit --connlimit-above 3 --connlimit-mask 32"), v4);

        CliRunner.Result again = cli.run("sync", "vps1");
        assertEquals(0, again.code(), again.toString());
        assertTrue(again.out().contains("unchanged"), again.toString());
        CliRunner.Result planned = cli.run("plan", "--all");
        assertTrue(planned.out().contains("vps1: unchanged, nothing to do"), planned.toString());

        CliRunner.Result neither = cli.run("sync");
        assertEquals(2, neither.code(), neither.toString());
        CliRunner.Result unknown = cli.run("plan", "nosuch");
        assertTrue(unknown.code() != 0, unknown.toString());
    }
}
