package dev.portcullis.cli;

import dev.portcullis.model.Server;
import dev.portcullis.model.ValidationException;
import dev.portcullis.model.Validator;
import dev.portcullis.remote.RemoteException;
import dev.portcullis.remote.SshSession;
import dev.portcullis.remote.TelegramSetup;
import dev.portcullis.store.SecretKind;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code portcullis server set NAME [--access-log PATH] [--telegram-chat ID --telegram-token-env VAR | --no-telegram]}:
 * the server's settings. The access log is stored and reaches the server with the next sync; the
 * Telegram settings are stored sealed, then written to the server (root's alone) at once, whose
 * history recorder sends the alerts, also while this app is closed.
 */
@Command(name = "set", mixinStandardHelpOptions = true,
        description = {"Change a server's settings. --access-log: where the proxy writes its access log (account",
            "limits; '' finds it in the proxy's config, log.access), sent with the next sync.",
            "Telegram alerts: the server sends a message when an entry",
            "refuses someone (observe entries: would refuse), at most one per entry every 10 minutes and 20 an",
            "hour. The token is read from an environment variable, never from the command line."})
final class ServerSetCommand implements Callable<Integer> {

    private final CliContext context;

    @Parameters(paramLabel = "NAME", description = "The server.")
    String name;

    @Option(names = "--access-log", paramLabel = "PATH", description = "Where the proxy writes its access log on the"
            + " server (absolute path), for account limits; '' finds it in the proxy's config (log.access).")
    String accessLog;

    @Option(names = "--telegram-chat", paramLabel = "ID", description = "Chat id (or @channel) the alerts go to.")
    String chat;

    @Option(names = "--telegram-token-env", paramLabel = "VAR", description = "Environment variable holding the bot token.")
    String tokenEnv;

    @Option(names = "--no-telegram", description = "No more Telegram alerts from this server.")
    boolean noTelegram;

    ServerSetCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        boolean setting = chat != null || tokenEnv != null;
        boolean telegram = setting || noTelegram;
        if (accessLog == null && !telegram) {
            throw new ValidationException("settings", "(none)", "at least one setting: --access-log PATH,"
                    + " --telegram-chat ID with --telegram-token-env VAR, or --no-telegram");
        }
        if (telegram && (setting == noTelegram || (setting && (chat == null || tokenEnv == null)))) {
            throw new ValidationException("--telegram-chat", chat == null ? "" : chat,
                    "--telegram-chat ID with --telegram-token-env VAR, or --no-telegram");
        }
        if (accessLog != null) {
            Validator.accessLog(accessLog);
            if (telegram) {
                checkTelegram();
            }
            context.inventory().setAccessLog(name, accessLog);
            context.out().println(accessLog.isEmpty() ? "access log of " + name + ": from the proxy's config (log.access)"
                    : "access log of " + name + ": " + accessLog + " (sent with the next sync)");
            if (!telegram) {
                return Cli.OK;
            }
        }
        RemoteServices remote = new RemoteServices(context);
        Server server = remote.inventory().server(name);
        if (noTelegram) {
            remote.inventory().clearTelegram(name);
        } else {
            remote.inventory().setTelegram(name, chat.toCharArray(), checkTelegram());
        }
        try (SshSession session = remote.connector().open(server)) {
            if (noTelegram) {
                TelegramSetup.remove(session);
                context.out().println(server.name() + ": Telegram alerts off");
            } else {
                char[] storedChat = remote.inventory().secret(server, SecretKind.TELEGRAM_CHAT).orElseThrow();
                char[] storedToken = remote.inventory().secret(server, SecretKind.TELEGRAM_TOKEN).orElseThrow();
                try {
                    TelegramSetup.install(session, storedChat, storedToken);
                } finally {
                    Arrays.fill(storedChat, '\0');
                    Arrays.fill(storedToken, '\0');
                }
                context.out().println(server.name() + ": Telegram alerts to " + chat + " (settings written to "
                        + TelegramSetup.FILE + ")");
            }
            return Cli.OK;
        } catch (RemoteException e) {
            context.err().println("portcullis: " + server.name() + ": stored here, but not on the server: " + e.oneLine()
                    + " (run this command again)");
            return Cli.FAILED;
        }
    }

    /** The token, once chat and token are known to be acceptable (nothing is stored before). */
    private char[] checkTelegram() {
        if (noTelegram) {
            return new char[0];
        }
        TelegramSetup.checkChat(chat);
        String value = context.env(tokenEnv);
        if (value == null || value.isEmpty()) {
            throw new ValidationException("--telegram-token-env", tokenEnv, "the name of a set, non-empty environment variable");
        }
        char[] token = value.toCharArray();
        TelegramSetup.checkToken(token);
        return token;
    }
}
