package dev.portcullis.remote;

import dev.portcullis.model.ValidationException;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * The server's Telegram alert settings file ({@value #FILE}, root's alone, mode 0600), which the
 * installed script's history recorder reads. The token and chat go to the server on the command's
 * standard input, never on a command line (which sudo logs and every user of the server can see).
 */
public final class TelegramSetup {

    public static final String FILE = "/etc/portcullis/telegram";
    private static final Pattern CHAT = Pattern.compile("-?[0-9]{1,20}|@[A-Za-z0-9_]{5,64}");
    private static final Pattern TOKEN = Pattern.compile("[0-9]{1,20}:[A-Za-z0-9_-]{20,100}");
    private static final String ASK = "portcullis-telegram-ask";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String WRITE = """
            set -eu
            umask 077
            mkdir -p /etc/portcullis
            echo portcullis-telegram-ask
            IFS= read -r token
            IFS= read -r chat
            [[ $token =~ ^[0-9]{1,20}:[A-Za-z0-9_-]{20,100}$ && $chat =~ ^(-?[0-9]{1,20}|@[A-Za-z0-9_]{5,64})$ ]] || exit 2
            printf 'token=%s\\nchat=%s\\n' "$token" "$chat" >/etc/portcullis/telegram.tmp
            chown 0:0 /etc/portcullis/telegram.tmp
            chmod 0600 /etc/portcullis/telegram.tmp
            mv -f /etc/portcullis/telegram.tmp /etc/portcullis/telegram
            echo written
            """;
    private static final String REMOVE = "rm -f " + FILE + " && echo removed";

    private TelegramSetup() {
    }

    /** A chat id (a number, negative for groups) or a public channel's @name. */
    public static void checkChat(String chat) {
        if (chat == null || !CHAT.matcher(chat).matches()) {
            throw new ValidationException("--telegram-chat", chat, "a chat id (digits, '-' first for a group) or @channelname");
        }
    }

    /** A bot token as BotFather gives it (the message never shows it). */
    public static void checkToken(char[] token) {
        if (token == null || !TOKEN.matcher(CharBuffer.wrap(token)).matches()) {
            throw new ValidationException("--telegram-token-env", "(the token, not shown)",
                    "a bot token of the form 123456789:ABC... as BotFather gives it");
        }
    }

    /** Writes the settings file on the server; the arrays are left to the caller. */
    public static void install(SshSession session, char[] chat, char[] token) throws RemoteException {
        checkChat(new String(chat));
        checkToken(token);
        ExecResult r = session.sudo().run(WRITE, TIMEOUT, ASK, soFar -> {
            CharBuffer lines = CharBuffer.allocate(token.length + chat.length + 2);
            lines.put(token).put('\n').put(chat).put('\n').flip();
            return utf8Wiping(lines);
        });
        if (!r.ok() || !r.stdout().contains("written")) {
            throw new RemoteException(RemoteException.Reason.ERROR, session.server().name()
                    + ": could not write " + FILE + " (exit " + r.exitCode() + ": " + r.lastLine() + ")");
        }
    }

    /**
     * The sha256 (lower-case hex) of the file {@link #install} writes for these settings:
     * {@code token=TOKEN\nchat=CHAT\n}. The bytes hashed are wiped; the arrays are left to the caller.
     */
    public static String sha256(char[] chat, char[] token) {
        CharBuffer text = CharBuffer.allocate(token.length + chat.length + 13);
        text.put("token=").put(token).put("\nchat=").put(chat).put('\n').flip();
        byte[] bytes = utf8Wiping(text);
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** The text as UTF-8 bytes; the text's characters and the encoder's buffer are wiped, the bytes left to the caller. */
    private static byte[] utf8Wiping(CharBuffer text) {
        java.nio.ByteBuffer encoded = StandardCharsets.UTF_8.encode(text);
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        Arrays.fill(text.array(), '\0');
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return bytes;
    }

    /** Takes the settings file off the server: it sends no more alerts. */
    public static void remove(SshSession session) throws RemoteException {
        ExecResult r = session.sudo().run(REMOVE, TIMEOUT);
        if (!r.ok()) {
            throw new RemoteException(RemoteException.Reason.ERROR, session.server().name()
                    + ": could not remove " + FILE + " (exit " + r.exitCode() + ": " + r.lastLine() + ")");
        }
    }
}
