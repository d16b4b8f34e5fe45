package dev.portcullis.cli;

import dev.portcullis.remote.GeneratedScripts;
import dev.portcullis.remote.ScriptSource;
import dev.portcullis.rules.ScriptGenerator;
import dev.portcullis.store.Inventory;

/** Where plan and sync get each server's script: the script generator over the inventory's entries. */
final class ScriptSources {

    private ScriptSources() {
    }

    static ScriptSource forInventory(Inventory inventory) {
        return new GeneratedScripts(new ScriptGenerator(), server -> inventory.limits(server.name()));
    }
}
