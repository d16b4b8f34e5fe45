package dev.portcullis.cli;

import static dev.portcullis.cli.CliRunner.limits;
import static dev.portcullis.cli.CliRunner.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.importer.Fixtures;
import dev.portcullis.lab.LabExtension;
import dev.portcullis.lab.LabSshd;
import dev.portcullis.lab.LabVps;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Protocol;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code portcullis import} over real SSH: a lab server with a real sshd holding a 3x-ui database
 * and an Xray config that only root may read, imported as root and as a user with password sudo.
 */
class ImportCliLabTest {

    private static final String DB = "/etc/x-ui/x-ui.db";
    private static final String XRAY = "/usr/local/etc/xray/config.json";

    @RegisterExtension
    final LabExtension labs = new LabExtension();

    @Test
    void importOverSshAsRootAndThroughSudo(@TempDir Path dir) throws Exception {
        Fixtures.assumeSqlite3();
        boolean hostDbBefore = Files.exists(Path.of(DB));
        LabSshd sshd = LabSshd.startReachable(labs.lab(), "panel", "ed25519");
        LabVps vps = sshd.vps();
        // The overlays make these files the server's own; the host's stay as they are.
        Fixtures.installPanel(vps, DB, XRAY);
        vps.exec("chmod", "0700", "/etc/x-ui").orThrow();

        Path key = sshd.authorizeNewKey("root", dir);
        sshd.addUser("ops", "ops pass", "password");
        sshd.addUser("guest", "guest pass", "none");
        Path data = dir.resolve("data");
        CliRunner cli = new CliRunner(data).env("HOME", dir.toString()).env("OPS_PW", "ops pass")
                .env("GUEST_PW", "guest pass");
        ok(cli.run("server", "add", "vps1", "--host", vps.ipv4(), "--key", key.toString()));
        ok(cli.run("server", "add", "ops", "--host", vps.ipv4(), "--user", "ops", "--password-env", "OPS_PW"));
        ok(cli.run("server", "add", "guest", "--host", vps.ipv4(), "--user", "guest", "--password-env", "GUEST_PW"));
        ok(cli.run("server", "trust", "vps1", "--yes"));

        // An entry the operator tuned by hand, and one no inbound uses.
        ok(cli.run("limit", "set", "vps1", "2053", "--max", "20", "--mode", "connections", "--observe"));
        ok(cli.run("limit", "set", "vps1", "7777", "--max", "5", "--mode", "connections"));

        CliRunner.Result first = ok(cli.run("import", "vps1", "--yes"));
        assertTrue(first.out().startsWith("Import for vps1 from " + DB + ", " + XRAY + "\n"), first.toString());
        assertTrue(first.out().contains("9 new, 1 updated, 0 unchanged, 0 conflicts, 1 disappeared\n"
                + "saved 10 entries for vps1; run 'portcullis sync vps1' to deploy them\n"), first.toString());
        assertEquals("", first.err(), first.toString());
        List<LimitEntry> expected = expected(
                // the operator's mode, maximum and observe stay; the panel gives the label
                new LimitEntry(2053, Protocol.TCP, LimitMode.CONNECTIONS, 20, 32, 64, "front", true, true, 120),
                LimitEntry.of(7777, LimitMode.CONNECTIONS, 5));
        assertEquals(expected, limits(data, "vps1"));
        noTemporaryFiles(vps);

        CliRunner.Result again = ok(cli.run("import", "vps1", "--yes"));
        assertTrue(again.out().contains("0 new, 0 updated, 10 unchanged, 0 conflicts, 1 disappeared\n"
                + "nothing to save: the entries of vps1 already match\n"), again.toString());
        assertEquals(expected, limits(data, "vps1"));

        // The panel switches an account off: a change to review, which these runs do not save.
        vps.execWithInput("UPDATE inbounds SET enable = 0 WHERE port = 30000;\n", "sqlite3", "-bail", DB).orThrow();
        CliRunner.Result dry = ok(cli.run("import", "vps1", "--dry-run"));
        assertTrue(dry.out().contains("update   30000 udp   devices                1 disabled gamer-kcp"), dry.toString());
        assertTrue(dry.out().endsWith("0 new, 1 updated, 9 unchanged, 0 conflicts, 1 disappeared\n"
                + "dry run: nothing saved (1 change(s) would be saved)\n"), dry.toString());
        CliRunner.Result unasked = ok(cli.run("import", "vps1"));
        assertTrue(unasked.out().endsWith("nothing saved: no terminal to ask on; run 'portcullis import vps1 --yes'"
                + " to save the 1 change(s)\n"), unasked.toString());
        CliRunner.Result json = ok(cli.run("import", "vps1", "--json", "--max", "8"));
        JsonNode review = new ObjectMapper().readTree(json.out());
        assertEquals("vps1", review.get("server").asText());
        assertEquals(10, review.get("proposals").size());
        JsonNode update = review.get("proposals").get(8);
        assertEquals("update", update.get("action").asText(), json.out());
        assertEquals(30000, update.get("entry").get("port").asInt());
        assertEquals(false, update.get("entry").get("enabled").asBoolean());
        assertEquals(true, update.get("existing").get("enabled").asBoolean());
        assertEquals(7777, review.get("disappeared").get(0).get("port").asInt());
        assertTrue(json.err().contains("nothing saved: --json saves only with --yes"), json.toString());
        assertEquals(expected, limits(data, "vps1"), "dry run, no terminal and --json saved nothing");
        noTemporaryFiles(vps);

        // A login that is not root: the root-only files are copied with sudo, downloaded, deleted.
        ok(cli.run("server", "trust", "ops", "--yes"));
        CliRunner.Result ops = ok(cli.run("import", "ops", "--yes"));
        assertTrue(ops.out().contains("10 new, 0 updated, 0 unchanged, 0 conflicts, 0 disappeared\n"
                + "saved 10 entries for ops;"), ops.toString());
        List<LimitEntry> fresh = expected(
                new LimitEntry(2053, Protocol.TCP, LimitMode.CONNECTIONS_PER_IP, 64, 32, 64, "front", false, true, 120));
        fresh.replaceAll(e -> e.port() == 30000 ? e.withEnabled(false) : e);
        assertEquals(fresh, limits(data, "ops"));
        noTemporaryFiles(vps);

        CliRunner.Result guest = cli.run("import", "guest", "--yes");
        assertEquals(1, guest.code(), guest.toString());
        assertEquals(1, guest.err().lines().count(), guest.toString());
        assertTrue(guest.err().startsWith("portcullis: cannot read the panel of guest: no sudo: user guest on guest may not use sudo"),
                guest.toString());
        assertEquals(List.of(), limits(data, "guest"));

        // A damaged database: one line, exit 1, nothing saved, nothing left on the server.
        vps.writeFile(DB, "not a database ".repeat(500));
        CliRunner.Result corrupt = cli.run("import", "vps1", "--yes");
        assertEquals(1, corrupt.code(), corrupt.toString());
        assertEquals("", corrupt.out(), corrupt.toString());
        assertTrue(corrupt.err().startsWith("portcullis: cannot read"), corrupt.toString());
        assertTrue(corrupt.err().contains(DB), corrupt.toString());
        assertEquals(1, corrupt.err().lines().count(), corrupt.toString());
        assertEquals(expected, limits(data, "vps1"));
        noTemporaryFiles(vps);
        assertEquals(hostDbBefore, Files.exists(Path.of(DB)), "the host's own files are untouched");
    }

    /**
     * What the fixtures propose with the defaults, port by port, with some entries replaced or added.
     * The loopback inbounds (8880, 2083, 8002) get none: they are limited through the port in front.
     */
    private static List<LimitEntry> expected(LimitEntry... overrides) {
        List<LimitEntry> out = new java.util.ArrayList<>(List.of(
                new LimitEntry(443, Protocol.TCP, LimitMode.DEVICES, 5, 32, 64, "reality-shared", false, true, 120),
                perIp(2096, Protocol.TCP, "حساب ویژه مشتری تهران سرور اصلی برای مشتریان ویژه با ترافیک نامح"),
                perIp(4433, Protocol.UDP, "kian"),
                new LimitEntry(8388, Protocol.BOTH, LimitMode.DEVICES, 2, 32, 64, "ss-2022", false, true, 120),
                perIp(9443, Protocol.TCP, "expired-trojan").withEnabled(false),
                new LimitEntry(30000, Protocol.UDP, LimitMode.DEVICES, 1, 32, 64, "gamer-kcp", false, true, 120),
                perIp(51820, Protocol.UDP, "wg"),
                // the shared port's clients with a limitIp
                LimitEntry.ofAccount(443, "alice", 2), LimitEntry.ofAccount(443, "bob", 3)));
        out.addAll(List.of(overrides));
        out.sort(dev.portcullis.rules.LimitsConf.ORDER);
        return out;
    }

    private static LimitEntry perIp(int port, Protocol protocol, String label) {
        return new LimitEntry(port, protocol, LimitMode.CONNECTIONS_PER_IP, 64, 32, 64, label, false, true, 120);
    }

    private static void noTemporaryFiles(LabVps vps) {
        String left = vps.bash("ls -A /tmp").orThrow().stdout();
        assertTrue(left.lines().noneMatch(l -> l.startsWith("portcullis")), "left on the server: " + left);
    }
}
