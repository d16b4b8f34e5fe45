package dev.portcullis.cli;

import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.Server;
import dev.portcullis.remote.Deployment;
import dev.portcullis.remote.ScriptSource;
import dev.portcullis.rules.ScriptGenerator;
import dev.portcullis.store.Inventory;
import java.util.List;

/** Where plan and sync get each server's script: the script generator over the inventory's entries. */
final class ScriptSources {

    private ScriptSources() {
    }

    static ScriptSource forInventory(Inventory inventory) {
        ScriptGenerator generator = new ScriptGenerator();
        return new ScriptSource() {
            @Override
            public Deployment deploymentFor(Server server) {
                List<LimitEntry> entries = inventory.limits(server.name());
                return new Deployment(generator.generate(server.name(), entries), generator.limitsConf(entries), entries);
            }

            @Override
            public List<LimitEntry> parseLimitsConf(String text) {
                return generator.parseLimitsConf(text);
            }
        };
    }
}
