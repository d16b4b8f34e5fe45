package dev.portcullis.cli;

import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.Server;
import dev.portcullis.remote.Deployment;
import dev.portcullis.remote.ScriptSource;
import dev.portcullis.store.Inventory;
import java.util.List;

/** Where plan and sync get each server's script: the script generator over the inventory's entries. */
final class ScriptSources {

    private ScriptSources() {
    }

    static ScriptSource forInventory(Inventory inventory) {
        return new ScriptSource() {
            @Override
            public Deployment deploymentFor(Server server) {
                List<LimitEntry> entries = inventory.limits(server.name());
                throw new IllegalStateException("this build has no script generator yet; cannot deploy "
                        + entries.size() + " entries to " + server.name());
            }

            @Override
            public List<LimitEntry> parseLimitsConf(String text) {
                throw new IllegalStateException("this build has no script generator yet");
            }
        };
    }
}
