package dev.portcullis.remote;

import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.Server;
import dev.portcullis.rules.ScriptGenerator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The real script generator over entries kept per server name: the store's part in deploy tests. */
public final class EntryMapScripts implements ScriptSource {

    private final ScriptGenerator generator = new ScriptGenerator();
    private final Map<String, List<LimitEntry>> entries = new ConcurrentHashMap<>();
    private final GeneratedScripts generated = new GeneratedScripts(generator, s -> get(s.name()));

    public void set(String server, List<LimitEntry> list) {
        entries.put(server, List.copyOf(list));
    }

    public List<LimitEntry> get(String server) {
        return entries.getOrDefault(server, List.of());
    }

    /** The limits.conf the script installs for the server's entries. */
    public String conf(String server) {
        return generator.limitsConf(get(server));
    }

    @Override
    public Deployment deploymentFor(Server server) {
        return generated.deploymentFor(server);
    }

    @Override
    public List<LimitEntry> parseLimitsConf(String text) {
        return generated.parseLimitsConf(text);
    }
}
