package dev.portcullis.rules;

import static dev.portcullis.rules.LimitsScriptLabTest.SCRIPT;

import dev.portcullis.lab.Lab;
import dev.portcullis.lab.LabClient;
import dev.portcullis.lab.LabVps;
import dev.portcullis.lab.Shell;
import dev.portcullis.model.LimitEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The script's lab tests' common steps: a server with echo ports, its clients, the script written and run on it. */
final class LabScript {

    private LabScript() {
    }

    /** The lab server "vps" with echo servers (TCP and UDP) on {@code echoPorts}. */
    static LabVps server(Lab lab, int... echoPorts) {
        LabVps vps = LabVps.create(lab, "vps");
        if (echoPorts.length > 0) {
            vps.host().startEchoServer(echoPorts);
        }
        return vps;
    }

    /** A client in a namespace of its own, per name. */
    static List<LabClient> clients(Lab lab, String... names) {
        return Arrays.stream(names).map(name -> lab.host(name).client()).toList();
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
