package dev.portcullis.remote;

import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.Server;
import dev.portcullis.rules.ScriptGenerator;
import java.util.List;
import java.util.function.Function;

/** The real script generator as deploy's {@link ScriptSource}, over whatever holds each server's entries. */
public final class GeneratedScripts implements ScriptSource {

    private final ScriptGenerator generator;
    private final Function<Server, List<LimitEntry>> entries;

    public GeneratedScripts(ScriptGenerator generator, Function<Server, List<LimitEntry>> entries) {
        this.generator = generator;
        this.entries = entries;
    }

    @Override
    public Deployment deploymentFor(Server server) {
        List<LimitEntry> list = entries.apply(server);
        return new Deployment(generator.generate(server.name(), list), generator.limitsConf(list), list);
    }

    @Override
    public List<LimitEntry> parseLimitsConf(String text) {
        return generator.parseLimitsConf(text);
    }
}
