package dev.portcullis.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.lab.LabExtension;
import dev.portcullis.lab.LabSshd;
import dev.portcullis.lab.LabVps;
import dev.portcullis.model.AuthKind;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Server;
import dev.portcullis.model.ServerSettings;
import dev.portcullis.rules.ScriptGenerator;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The server's Telegram settings file through the real deploy path (state over SSH, the script's
 * apply, the file written by a non-root user through sudo): a sync puts back a file that was
 * deleted, for root alone and with the stored content, without re-applying the rules; a second
 * sync writes nothing (same inode and mtime) and plan has nothing to change; the token never
 * appears on a command line (sudo logs every one); with no settings in the store a file on the
 * server is left alone.
 */
class TelegramSyncLabTest {

    private static final String TOKEN = "123456789:AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQ";
    private static final String CHAT = "-100123";
    private static final String FILE = TelegramSetup.FILE;
    private static final String SUDO_LOG = "/var/lib/lab-sudo.log";

    @RegisterExtension
    final LabExtension labs = new LabExtension();

    @Test
    void syncPutsBackAMissingFileOnceAndLeavesAMatchingOneAlone() throws Exception {
        LabSshd sshd = LabSshd.startReachable(labs.lab(), "vps", "ed25519");
        LabVps vps = sshd.vps();
        sshd.addUser("ops", "ops pass", "nopasswd");
        vps.writeFile("/etc/sudoers.d/lab-log", "Defaults logfile=" + SUDO_LOG + ", loglinelen=0\n");
        vps.exec("chmod", "0440", "/etc/sudoers.d/lab-log").orThrow();
        Server server = new Server(0, "vps", vps.ipv4(), 22, "ops", AuthKind.PASSWORD, null, true);
        SshConnector connector = LabConnectors.withPassword("ops pass", Duration.ofSeconds(90));
        connector.trust(server, null);
        List<LimitEntry> entries = List.of(LimitEntry.of(8443, LimitMode.CONNECTIONS, 3));
        AtomicBoolean stored = new AtomicBoolean(true);
        Deployer deployer = new Deployer(connector, new GeneratedScripts(new ScriptGenerator(), s -> ServerSettings.NONE,
                s -> entries, s -> stored.get()
                        ? Optional.of(new TelegramSecrets(CHAT.toCharArray(), TOKEN.toCharArray())) : Optional.empty()),
                Duration.ofSeconds(5));
        String expected = "token=" + TOKEN + "\nchat=" + CHAT + "\n";

        // First sync: the rules and the file.
        Deployer.Result first = deployer.sync(server, s -> { });
        assertEquals(Deployer.Outcome.APPLIED, first.outcome());
        assertEquals(expected, vps.readFile(FILE));
        assertTrue(deployer.plan(server, s -> { }).inSync());

        // Deleted by hand (or by a reinstall): plan names the file alone, sync writes it back alone.
        vps.exec("rm", "-f", FILE).orThrow();
        String scriptStat = stat(vps, ServerState.INSTALLED_SCRIPT);
        String confStat = stat(vps, ServerState.CONF_PATH);
        Plan drift = deployer.plan(server, s -> { });
        assertEquals(List.of(Change.Kind.TELEGRAM), drift.changes().stream().map(Change::kind).toList(), drift.toString());
        Deployer.Result back = deployer.sync(server, s -> { });
        assertEquals(Deployer.Outcome.APPLIED, back.outcome());
        assertEquals(List.of(Change.Kind.TELEGRAM), back.plan().changes().stream().map(Change::kind).toList());
        assertEquals(expected, vps.readFile(FILE));
        assertEquals("600 0 0", vps.exec("stat", "-c", "%a %u %g", FILE).orThrow().stdout().strip());
        assertEquals(scriptStat, stat(vps, ServerState.INSTALLED_SCRIPT), "the script was not uploaded again");
        assertEquals(confStat, stat(vps, ServerState.CONF_PATH), "the rules were not applied again");

        // In line: nothing to change, nothing written.
        String fileStat = stat(vps, FILE);
        assertTrue(deployer.plan(server, s -> { }).inSync());
        assertEquals(Deployer.Outcome.UNCHANGED, deployer.sync(server, s -> { }).outcome());
        assertEquals(fileStat, stat(vps, FILE), "a matching file is not written again");

        // A file edited on the server (other chat) is a difference and is put back.
        vps.writeFile(FILE, "token=" + TOKEN + "\nchat=-999\n");
        vps.exec("chmod", "0600", FILE).orThrow();
        assertEquals(List.of(Change.Kind.TELEGRAM),
                deployer.plan(server, s -> { }).changes().stream().map(Change::kind).toList());
        assertEquals(Deployer.Outcome.APPLIED, deployer.sync(server, s -> { }).outcome());
        assertEquals(expected, vps.readFile(FILE));

        // sudo logged every command of these syncs; none carries the token.
        String log = vps.readFile(SUDO_LOG);
        assertTrue(log.contains("COMMAND=") && log.contains("portcullis"), "sudo logged the commands");
        assertFalse(log.contains(TOKEN), "the token is never on a command line");
        assertFalse(log.contains(TOKEN.substring(TOKEN.indexOf(':') + 1)), "nor its secret part");

        // No settings in the store: whatever the server has stays as it is.
        stored.set(false);
        vps.writeFile(FILE, "token=" + TOKEN + "\nchat=@hand_written\n");
        vps.exec("chmod", "0600", FILE).orThrow();
        String handStat = stat(vps, FILE);
        assertTrue(deployer.plan(server, s -> { }).inSync());
        assertEquals(Deployer.Outcome.UNCHANGED, deployer.sync(server, s -> { }).outcome());
        assertEquals("token=" + TOKEN + "\nchat=@hand_written\n", vps.readFile(FILE));
        assertEquals(handStat, stat(vps, FILE));
    }

    /** Inode, modification time (ns) and size: any write changes one of them. */
    private static String stat(LabVps vps, String path) {
        return vps.exec("stat", "-c", "%i %y %s", path).orThrow().stdout().strip();
    }
}
