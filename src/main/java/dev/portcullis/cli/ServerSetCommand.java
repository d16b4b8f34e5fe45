package dev.portcullis.cli;

import dev.portcullis.model.Server;
import dev.portcullis.model.ValidationException;
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
 * {@code portcullis server set NAME --telegram-chat ID --telegram-token-env VAR | --no-telegram}:
 * the server's own Telegram alerts. The settings are stored sealed, then written to the server
 * (root's alone), whose history recorder sends the alerts, also while this app is closed.
 */
@Command(name = "set", mixinStandardHelpOptions = true,
        description = {"Change a server's settings. Telegram alerts: the server sends a message when an entry",
            "refuses someone (observe entries: would refuse), at most one per entry every 10 minutes and 20 an",
            "hour. The token is read from an environment variable, never from the command line."})
final class ServerSetCommand implements Callable<Integer> {

    private final CliContext context;

    @Parameters(paramLabel = "NAME", description = "The server.")
    String name;

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
        if (setting == noTelegram || (setting && (chat == null || tokenEnv == null))) {
            throw new ValidationException("--telegram-chat", chat == null ? "" : chat,
                    "--telegram-chat ID with --telegram-token-env VAR, or --no-telegram");
        }
        RemoteServices remote = new RemoteServices(context);
        Server server = remote.inventory().server(name);
        if (noTelegram) {
            remote.inventory().clearTelegram(name);
        } else {
            TelegramSetup.checkChat(chat);
            String value = context.env(tokenEnv);
            if (value == null || value.isEmpty()) {
                throw new ValidationException("--telegram-token-env", tokenEnv, "the name of a set, non-empty environment variable");
            }
            char[] token = value.toCharArray();
            TelegramSetup.checkToken(token);
            remote.inventory().setTelegram(name, chat.toCharArray(), token);
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
}
