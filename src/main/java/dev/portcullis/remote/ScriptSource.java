package dev.portcullis.remote;

import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.Server;
import dev.portcullis.rules.LimitsConf;
import java.util.List;
import java.util.Optional;

/** The script generator as deploy sees it: a server's deployment, and how to read a server's limits.conf. */
public interface ScriptSource {

    /** The script and expected limits.conf for the server's current settings and entries. */
    Deployment deploymentFor(Server server);

    /**
     * The entries a limits.conf (as found on a server) describes.
     *
     * @throws IllegalArgumentException when the text is not a valid limits.conf
     */
    List<LimitEntry> parseLimitsConf(String text);

    /**
     * The server's Telegram alert settings from the store, opened (the caller closes them), or empty
     * when it has none: then a sync leaves the server's Telegram file alone.
     */
    default Optional<TelegramSecrets> telegramFor(Server server) {
        return Optional.empty();
    }

    /**
     * The settings and entries a limits.conf (as found on a server) describes.
     *
     * @throws IllegalArgumentException when the text is not a valid limits.conf
     */
    default LimitsConf.Contents readLimitsConf(String text) {
        return LimitsConf.read(text);
    }
}
