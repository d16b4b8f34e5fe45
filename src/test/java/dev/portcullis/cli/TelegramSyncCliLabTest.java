package dev.portcullis.cli;

import static dev.portcullis.cli.CliRunner.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.lab.LabExtension;
import dev.portcullis.lab.LabSshd;
import dev.portcullis.remote.TelegramSetup;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line's plan and sync know the server's Telegram settings file from the sealed
 * settings {@code server set --telegram-...} stored: deleted on the server, plan names it and sync
 * writes it back (root's alone, same content); in line, neither touches it.
 */
class TelegramSyncCliLabTest {

    private static final String TOKEN = "123456789:AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQ";

    @RegisterExtension
    final LabExtension labs = new LabExtension();

    @Test
    void syncPutsBackTheTelegramFileFromTheSealedSettings(@TempDir Path dir) throws Exception {
        LabSshd sshd = LabSshd.startReachable(labs.lab(), "vps", "ed25519");
        Path key = sshd.authorizeNewKey("root", dir);
        CliRunner cli = CliRunner.withLabServer(dir, sshd, "root", key).env("TG_TOKEN", TOKEN);
        ok(cli.run("limit", "set", "vps1", "9000", "--max", "10", "--mode", "connections"));
        ok(cli.run("sync", "vps1"));
        ok(cli.run("server", "set", "vps1", "--telegram-chat", "-100123", "--telegram-token-env", "TG_TOKEN"));
        String expected = "token=" + TOKEN + "\nchat=-100123\n";
        assertEquals(expected, sshd.vps().readFile(TelegramSetup.FILE));

        sshd.vps().exec("rm", "-f", TelegramSetup.FILE).orThrow();
        CliRunner.Result plan = cli.run("plan", "vps1");
        assertTrue(plan.out().contains("telegram"), plan.toString());
        assertFalse(plan.out().contains(TOKEN) || plan.err().contains(TOKEN), "never the token");
        ok(cli.run("sync", "vps1"));
        assertEquals(expected, sshd.vps().readFile(TelegramSetup.FILE));
        assertEquals("600 0 0", sshd.vps().exec("stat", "-c", "%a %u %g", TelegramSetup.FILE).orThrow().stdout().strip());

        String stat = sshd.vps().exec("stat", "-c", "%i %y %s", TelegramSetup.FILE).orThrow().stdout().strip();
        CliRunner.Result again = ok(cli.run("sync", "vps1"));
        assertTrue(again.out().contains("1 in sync"), again.toString());
        CliRunner.Result inLine = ok(cli.run("plan", "vps1"));
        assertFalse(inLine.out().contains("telegram"), inLine.toString());
        assertEquals(stat, sshd.vps().exec("stat", "-c", "%i %y %s", TelegramSetup.FILE).orThrow().stdout().strip());
    }
}
