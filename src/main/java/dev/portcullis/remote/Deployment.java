package dev.portcullis.remote;

import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.ServerSettings;
import java.util.List;

/**
 * What one server should end up with: the generated script, the limits.conf it installs and the
 * settings and entries behind both (the store's view), and the sha256 of the Telegram settings
 * file the store's settings make ({@link TelegramSetup#sha256}), or null when the store has none
 * (then the server's file, if any, is left alone).
 */
public record Deployment(String script, String limitsConf, ServerSettings settings, List<LimitEntry> entries,
                         String telegramSha256) {

    public Deployment {
        if (script == null || script.isBlank()) {
            throw new IllegalArgumentException("empty script");
        }
        limitsConf = limitsConf == null ? "" : limitsConf;
        settings = settings == null ? ServerSettings.NONE : settings;
        entries = List.copyOf(entries);
    }

    /** A deployment without Telegram settings. */
    public Deployment(String script, String limitsConf, ServerSettings settings, List<LimitEntry> entries) {
        this(script, limitsConf, settings, entries, null);
    }

    /** A deployment without server settings (no access log set, no allowed networks) nor Telegram settings. */
    public Deployment(String script, String limitsConf, List<LimitEntry> entries) {
        this(script, limitsConf, ServerSettings.NONE, entries);
    }
}
