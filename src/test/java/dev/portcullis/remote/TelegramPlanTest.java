package dev.portcullis.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.model.AuthKind;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Server;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Telegram line of a server's state (the sha256 of its settings file, or none) and what plan
 * makes of it: a difference when the store has settings the server's file is not known to hold,
 * nothing when they match or when the store has none; a missing, doubled or hostile line never
 * crashes and counts as unknown.
 */
class TelegramPlanTest {

    private static final String TOKEN = "123456789:AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQ";
    private static final String CHAT = "-100123";
    private static final String RULE = "-A PORTCULLIS -p tcp -m conntrack --ctstate NEW --ctorigdstport 8443"
            + " -m connlimit --connlimit-above 3 --connlimit-mask 0 --connlimit-saddr"
            + " -m comment --comment \"portcullis 8443/tcp\" -j REJECT --reject-with tcp-reset";
    private static final String JUMP = "-A INPUT -m conntrack --ctstate NEW -j PORTCULLIS";
    private static final Server SERVER = new Server(0, "s", "h", 22, "root", AuthKind.PASSWORD, null, false);

    private final EntryMapScripts scripts = new EntryMapScripts();

    TelegramPlanTest() {
        scripts.set("s", List.of(LimitEntry.of(8443, LimitMode.CONNECTIONS, 3)));
    }

    private String state(String telegramSection) {
        return telegramSection + "@@conf\n" + scripts.conf("s") + "\n@@backend\nlegacy\n@@v4\n" + JUMP + "\n" + RULE
                + "\n@@v6\n" + JUMP + "\n" + RULE + "\n@@nft\n@@stale\n@@end\n";
    }

    private static String fileSha256() throws Exception {
        byte[] file = ("token=" + TOKEN + "\nchat=" + CHAT + "\n").getBytes(StandardCharsets.UTF_8);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file));
    }

    private Deployment withTelegram() {
        Deployment d = scripts.deploymentFor(SERVER);
        return new Deployment(d.script(), d.limitsConf(), d.settings(), d.entries(),
                TelegramSetup.sha256(CHAT.toCharArray(), TOKEN.toCharArray()));
    }

    @Test
    void theSha256IsThatOfTheBytesTheServerFileHolds_theArraysAreLeftAlone() throws Exception {
        char[] chat = CHAT.toCharArray();
        char[] token = TOKEN.toCharArray();
        assertEquals(fileSha256(), TelegramSetup.sha256(chat, token));
        assertEquals(TOKEN, new String(token));
        TelegramSecrets secrets = new TelegramSecrets(chat, token);
        assertEquals(fileSha256(), secrets.sha256());
        secrets.close();
        assertEquals("\0".repeat(TOKEN.length()), new String(token), "closing wipes the token");
        assertEquals("\0".repeat(CHAT.length()), new String(chat));
    }

    @Test
    void theLineIsReadAsPresentNoneOrUnknown() throws Exception {
        String sha = fileSha256();
        assertEquals(new TelegramOnServer(TelegramOnServer.Status.PRESENT, sha),
                ServerState.parse(state("@@telegram\n" + sha + "\n")).telegram());
        assertEquals(TelegramOnServer.NONE, ServerState.parse(state("@@telegram\nnone\n")).telegram());
        assertEquals(TelegramOnServer.UNKNOWN, ServerState.parse(state("")).telegram(), "an older state: no line");
        // The rest of the state is read as before whatever the Telegram line says.
        ServerState s = ServerState.parse(state("@@telegram\n" + sha + "\n"));
        assertEquals(List.of(JUMP, RULE), s.ipv4Rules());
        assertEquals(List.of(), s.staleRules());
    }

    @Test
    void aHostileLineIsUnknownNeverACrash() throws Exception {
        String sha = fileSha256();
        for (String hostile : List.of("", sha.toUpperCase(), sha + "0", sha.substring(1), "token=" + TOKEN,
                "none none", "\u001b[2J" + sha, sha + "\n" + sha, "none\n" + sha, "x".repeat(100_000))) {
            ServerState s = ServerState.parse(state("@@telegram\n" + hostile + "\n"));
            assertEquals(TelegramOnServer.UNKNOWN, s.telegram(), hostile.length() > 80 ? "long line" : hostile);
            List<Change> changes = Planner.compare(withTelegram(), s, scripts);
            assertEquals(List.of(Change.Kind.TELEGRAM), changes.stream().map(Change::kind).toList());
            assertFalse(changes.toString().contains(TOKEN));
        }
    }

    @Test
    void planShowsTheFileWhenMissingDifferentOrUnknown_notWhenItMatches() throws Exception {
        Deployment expected = withTelegram();
        assertEquals(List.of(), Planner.compare(expected, ServerState.parse(state("@@telegram\n" + fileSha256() + "\n")),
                scripts));
        for (String line : List.of("@@telegram\nnone\n", "@@telegram\n" + "0".repeat(64) + "\n", "")) {
            List<Change> changes = Planner.compare(expected, ServerState.parse(state(line)), scripts);
            assertEquals(1, changes.size(), changes.toString());
            Change c = changes.get(0);
            assertEquals(Change.Kind.TELEGRAM, c.kind());
            assertFalse(Planner.needsApply(changes), "the file alone: written without re-applying the rules");
            assertFalse(c.toString().contains(TOKEN) || c.toString().contains(CHAT), c.toString());
        }
        assertNotEquals(
                Planner.compare(expected, ServerState.parse(state("@@telegram\nnone\n")), scripts).get(0).detail(),
                Planner.compare(expected, ServerState.parse(state("")), scripts).get(0).detail(),
                "missing and unknown are told apart");
    }

    @Test
    void withoutSettingsInTheStoreTheServersFileIsLeftAlone() throws Exception {
        Deployment none = scripts.deploymentFor(SERVER);
        for (String line : List.of("@@telegram\nnone\n", "@@telegram\n" + fileSha256() + "\n", "@@telegram\ngarbage\n", "")) {
            assertEquals(List.of(), Planner.compare(none, ServerState.parse(state(line)), scripts), line);
        }
    }

    @Test
    void aServerWithoutPortcullisGetsTheFileWithTheInstall() {
        List<Change> changes = Planner.compare(withTelegram(), ServerState.parse("@@telegram\nnone\n@@conf\n@@missing\n"
                + "@@v4\n@@v6\n@@nft\n@@end\n"), scripts);
        assertEquals(Change.Kind.NOT_INSTALLED, changes.get(0).kind());
        assertEquals(Change.Kind.TELEGRAM, changes.get(changes.size() - 1).kind());
        assertTrue(Planner.needsApply(changes));
    }
}
