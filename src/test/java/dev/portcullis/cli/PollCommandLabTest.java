package dev.portcullis.cli;

import static dev.portcullis.lab.LabClient.Outcome.OK;
import static dev.portcullis.lab.LabClient.Outcome.REFUSED;
import static dev.portcullis.cli.CliRunner.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.lab.LabClient;
import dev.portcullis.lab.LabClient.Connection;
import dev.portcullis.lab.LabExtension;
import dev.portcullis.lab.LabSshd;
import dev.portcullis.lab.LabVps;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live polls through sudo: sudo logs every command line, so a poll sends the installed script's
 * short {@code poll} command, not the poll script itself; where the script is not installed the
 * poll still works, with the script sent along.
 */
class PollCommandLabTest {

    static final int PORT = 7001;
    static final String SUDO_LOG = "/run/sudo-lab.log";

    @TempDir
    Path dir;
    @RegisterExtension
    final LabExtension labs = new LabExtension();
    private LabVps vps;
    private CliRunner cli;

    @BeforeEach
    void start() throws Exception {
        LabSshd sshd = LabSshd.startReachable(labs.lab(), "live", "ed25519");
        vps = sshd.vps();
        vps.host().startEchoServer(PORT);
        sshd.addUser("ops", null, "nopasswd");
        Path key = sshd.authorizeNewKey("ops", dir);
        // sudo writes each command it runs to a file of the server's own /run, one line each.
        vps.writeFile("/etc/sudoers.d/lab-log", "Defaults logfile=" + SUDO_LOG + "\nDefaults loglinelen=0\n");
        vps.exec("chmod", "0440", "/etc/sudoers.d/lab-log").orThrow();
        cli = CliRunner.withLabServer(dir, sshd, "ops", key);
    }

    /** Polls once (connections --json) and returns the port's row and what sudo logged meanwhile. */
    record Poll(JsonNode port, String sudoLog) {
    }

    Poll poll() throws Exception {
        vps.exec("truncate", "-s", "0", SUDO_LOG).orThrow();
        CliRunner.Result r = ok(cli.run("connections", "vps1", "--json"));
        JsonNode doc = new ObjectMapper().readTree(r.out());
        for (JsonNode p : doc.get("ports")) {
            if (p.get("port").asInt() == PORT) {
                return new Poll(p, vps.readFile(SUDO_LOG));
            }
        }
        throw new AssertionError("no port " + PORT + " in " + doc);
    }

    static List<String> commands(String sudoLog) {
        return sudoLog.lines().filter(l -> l.contains("COMMAND=")).map(l -> l.substring(l.indexOf("COMMAND="))).toList();
    }

    @Test
    void aPollThroughSudoLogsOneShortCommand_andWorksWhereTheScriptIsNotInstalledToo() throws Exception {
        ok(cli.run("limit", "set", "vps1", Integer.toString(PORT), "--max", "2", "--mode", "connections"));
        ok(cli.run("sync", "vps1"));
        LabClient client = labs.lab().host("c1").client();
        List<Connection> two = List.of(client.tcp(vps.ipv4(), PORT), client.tcp(vps.ipv4(), PORT));
        two.forEach(c -> assertEquals(OK, c.outcome()));
        assertEquals(REFUSED, client.tcp(vps.ipv4(), PORT).outcome());

        Poll installed = poll();
        assertCounts(installed);
        List<String> commands = commands(installed.sudoLog());
        assertTrue(commands.stream().anyMatch(c -> c.contains("/usr/local/sbin/portcullis-limits poll ")), installed.sudoLog());
        for (String c : commands) {
            assertTrue(c.length() < 120, "every logged command is short: " + c);
        }

        // The script gone (a server synced by hand, or not yet): the poll script goes with the command.
        vps.exec("rm", "/usr/local/sbin/portcullis-limits").orThrow();
        Poll sent = poll();
        assertCounts(sent);
        assertTrue(commands(sent.sudoLog()).stream().anyMatch(c -> c.length() > 1000), "the script was sent: " + sent.sudoLog());
        for (Connection c : two) {
            assertEquals(OK, client.probe(c), "allowed connections keep working");
        }
    }

    static void assertCounts(Poll p) {
        assertEquals(2, p.port().get("connections").asInt(), p.port().toString());
        assertEquals(1, p.port().get("addresses").asInt(), p.port().toString());
        assertEquals(1, p.port().get("refused").asLong(), p.port().toString());
    }
}
