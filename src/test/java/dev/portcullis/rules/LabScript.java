package dev.portcullis.rules;

import static dev.portcullis.rules.LimitsScriptLabTest.SCRIPT;

import dev.portcullis.lab.LabVps;
import dev.portcullis.lab.Shell;
import dev.portcullis.model.LimitEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The generated script written onto a lab server and run there. */
final class LabScript {

    private LabScript() {
    }

    /** Writes the generated script onto the server and runs {@code bash SCRIPT args...}. */
    static Shell.Result deploy(LabVps vps, List<LimitEntry> entries, String... args) {
        vps.writeFile(SCRIPT, new ScriptGenerator().generate("lab", entries));
        return run(vps, SCRIPT, args);
    }

    /** Runs {@code bash script args...} on the server. */
    static Shell.Result run(LabVps vps, String script, String... args) {
        List<String> command = new ArrayList<>(List.of("bash", script));
        command.addAll(Arrays.asList(args));
        return vps.exec(command.toArray(String[]::new));
    }
}
