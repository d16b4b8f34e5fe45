package dev.portcullis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.AppContext;
import dev.portcullis.history.AddressDay;
import dev.portcullis.lab.LabClient;
import dev.portcullis.lab.LabClient.Connection;
import dev.portcullis.lab.LabClient.Outcome;
import dev.portcullis.lab.LabExtension;
import dev.portcullis.lab.LabHost;
import dev.portcullis.lab.LabSshd;
import dev.portcullis.lab.Shell;
import dev.portcullis.model.Protocol;
import dev.portcullis.model.Server;
import dev.portcullis.remote.ServerHistory;
import dev.portcullis.store.SecretKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app's side of the server history over a real sshd: a sync installs the recorder, the history
 * is fetched and read, {@code portcullis disconnect} ends one address's connections, and
 * {@code portcullis server set --telegram-...} stores the token sealed and writes it to the server.
 */
class HistoryCliLabTest {

    static final int PORT = 7401;
    static final String TOKEN = "123456789:AAHsecretSECRETsecret_0123456789abcdef";

    @RegisterExtension
    final LabExtension labs = new LabExtension();

    LabSshd sshd;

    @AfterEach
    void stopTheRecorder() {
        if (sshd != null) {
            Shell.Result removed = sshd.vps().exec("/usr/local/sbin/portcullis-limits", "remove", "--history");
            assertEquals(0, removed.exitCode(), removed.stderr());
        }
    }

    @Test
    void syncFetchDisconnectAndTelegramSettings(@TempDir Path dir) throws Exception {
        sshd = LabSshd.startReachable(labs.lab(), "vps", "ed25519");
        Path key = sshd.authorizeNewKey("root", dir);
        Path data = dir.resolve("data");
        CliRunner cli = new CliRunner(data).env("HOME", dir.toString()).env("TG_TOKEN", TOKEN);
        ok(cli.run("server", "add", "vps1", "--host", sshd.vps().ipv4(), "--key", key.toString()));
        ok(cli.run("server", "trust", "vps1", "--yes"));
        ok(cli.run("limit", "set", "vps1", Integer.toString(PORT), "--max", "10", "--mode", "connections"));
        ok(cli.run("sync", "vps1"));

        sshd.vps().host().startEchoServer(PORT);
        LabHost h1 = labs.lab().host("c1");
        LabHost h2 = labs.lab().host("c2");
        LabClient c1 = h1.client();
        LabClient c2 = h2.client();
        List<Connection> mine = LabClient.open(2, () -> c1.tcp(sshd.vps().ipv4(), PORT));
        List<Connection> others = LabClient.open(1, () -> c2.tcp(sshd.vps().ipv6(), PORT));

        // The history, fetched over SSH as root and read (the recorder writes every 10 s).
        List<AddressDay> days = List.of();
        try (AppContext app = AppContext.open(data, creating -> CliRunner.MASTER.toCharArray())) {
            Server server = app.inventory().server("vps1");
            ServerHistory history = new ServerHistory(app.connector());
            for (int i = 0; i < 60 && days.size() < 2; i++) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
                days = history.fetch(server, null);
            }
            assertEquals(2, days.size(), "both clients: " + days);
            AddressDay v4 = days.stream().filter(d -> d.address().equals(h1.ipv4())).findFirst().orElseThrow();
            assertEquals(PORT, v4.port());
            assertEquals(Protocol.TCP, v4.protocol());
            assertEquals("", v4.account());
            assertEquals(2, v4.connections());
            assertEquals(0, v4.refused());
            AddressDay v6 = days.stream().filter(d -> d.address().equals(h2.ipv6())).findFirst().orElseThrow();
            assertEquals(1, v6.connections());
            // --since after every last-seen (and its margin): nothing.
            assertEquals(List.of(), history.fetch(server, v4.lastSeen().plusSeconds(3600)));
        }

        CliRunner.Result ended = ok(cli.run("disconnect", "vps1", h1.ipv4(), "--port", Integer.toString(PORT)));
        assertEquals("vps1: ended 2 connections of " + h1.ipv4() + " to port " + PORT, ended.out().strip());
        for (Connection c : mine) {
            assertNotEquals(Outcome.OK, c1.probe(c), "c1's connections are ended");
        }
        assertEquals(Outcome.OK, c2.probe(others.get(0)), "c2's connection stays open");
        CliRunner.Result bad = cli.run("disconnect", "vps1", "198.18.0.0/15");
        assertEquals(2, bad.code(), bad.toString());
        assertTrue(bad.err().contains("198.18.0.0/15"), bad.toString());

        // Telegram: the token from the environment, sealed here, written to the server for root alone.
        ok(cli.run("server", "set", "vps1", "--telegram-chat", "-100123", "--telegram-token-env", "TG_TOKEN"));
        assertEquals("600 0", sshd.vps().exec("stat", "-c", "%a %u", "/etc/portcullis/telegram").stdout().strip());
        assertEquals("token=" + TOKEN + "\nchat=-100123\n", sshd.vps().readFile("/etc/portcullis/telegram"));
        try (AppContext app = AppContext.open(data, creating -> CliRunner.MASTER.toCharArray())) {
            Server server = app.inventory().server("vps1");
            assertTrue(app.inventory().secretKinds(server).contains(SecretKind.TELEGRAM_TOKEN));
            assertEquals(TOKEN, new String(app.inventory().secret(server, SecretKind.TELEGRAM_TOKEN).orElseThrow()));
        }
        assertFalse(containsBytes(data, TOKEN), "the token is stored sealed, never in the clear");
        CliRunner.Result onCommandLine = cli.run("server", "set", "vps1", "--telegram-chat", "-100123");
        assertEquals(2, onCommandLine.code(), onCommandLine.toString());
        CliRunner.Result badToken = cli.env("TG_BAD", "not a token").run("server", "set", "vps1", "--telegram-chat", "1",
                "--telegram-token-env", "TG_BAD");
        assertEquals(2, badToken.code(), badToken.toString());
        assertFalse(badToken.err().contains("not a token"), "a refused token is not shown: " + badToken);
        ok(cli.run("server", "set", "vps1", "--no-telegram"));
        assertFalse(sshd.vps().exec("test", "-e", "/etc/portcullis/telegram").ok(), "alerts off: the file is gone");
    }

    static CliRunner.Result ok(CliRunner.Result r) {
        assertEquals(0, r.code(), r.toString());
        return r;
    }

    static boolean containsBytes(Path dir, String text) throws java.io.IOException {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        try (var files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                byte[] content = Files.readAllBytes(p);
                for (int i = 0; i + needle.length <= content.length; i++) {
                    if (java.util.Arrays.equals(content, i, i + needle.length, needle, 0, needle.length)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
