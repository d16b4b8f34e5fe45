package dev.portcullis.remote;

import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.Server;
import dev.portcullis.model.ServerSettings;
import dev.portcullis.rules.ScriptGenerator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The real script generator as deploy's {@link ScriptSource}, over whatever holds each server's settings and entries. */
public final class GeneratedScripts implements ScriptSource {

    private final ScriptGenerator generator;
    private final Function<Server, ServerSettings> settings;
    private final Function<Server, List<LimitEntry>> entries;
    private final Function<Server, Optional<TelegramSecrets>> telegram;

    public GeneratedScripts(ScriptGenerator generator, Function<Server, ServerSettings> settings,
                            Function<Server, List<LimitEntry>> entries) {
        this(generator, settings, entries, server -> Optional.empty());
    }

    /** @param telegram each server's Telegram settings, opened for one use (empty: none stored) */
    public GeneratedScripts(ScriptGenerator generator, Function<Server, ServerSettings> settings,
                            Function<Server, List<LimitEntry>> entries,
                            Function<Server, Optional<TelegramSecrets>> telegram) {
        this.generator = generator;
        this.settings = settings;
        this.entries = entries;
        this.telegram = telegram;
    }

    /** Servers without settings (no access log set, no allowed networks). */
    public GeneratedScripts(ScriptGenerator generator, Function<Server, List<LimitEntry>> entries) {
        this(generator, server -> ServerSettings.NONE, entries);
    }

    @Override
    public Deployment deploymentFor(Server server) {
        ServerSettings s = settings.apply(server);
        List<LimitEntry> list = entries.apply(server);
        String telegramSha256 = null;
        Optional<TelegramSecrets> stored = telegramFor(server);
        if (stored.isPresent()) {
            try (TelegramSecrets t = stored.get()) {
                telegramSha256 = t.sha256();
            }
        }
        return new Deployment(generator.generate(server.name(), s, list), generator.limitsConf(s, list), s, list,
                telegramSha256);
    }

    @Override
    public Optional<TelegramSecrets> telegramFor(Server server) {
        return telegram.apply(server);
    }

    @Override
    public List<LimitEntry> parseLimitsConf(String text) {
        return generator.parseLimitsConf(text);
    }
}
