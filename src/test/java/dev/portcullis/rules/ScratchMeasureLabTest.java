package dev.portcullis.rules;

import dev.portcullis.lab.Lab;
import dev.portcullis.lab.LabVps;
import dev.portcullis.lab.Shell;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScratchMeasureLabTest {
    @Test
    void measure() {
        try (Lab lab = Lab.create()) {
            LabVps vps = LabVps.create(lab, "vps");
            List<LimitEntry> entries = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                entries.add(LimitEntry.of(10000 + i, LimitMode.CONNECTIONS, 3));
            }
            for (int i = 0; i < 20; i++) {
                entries.add(LimitEntry.of(20000 + i, LimitMode.DEVICES, 3));
            }
            vps.writeFile("/usr/local/src/p.sh", new ScriptGenerator().generate("lab", entries));
            System.out.println(vps.exec("bash", "/usr/local/src/p.sh").stdout());
            Shell.Result r = vps.exec("bash", "-c", "time (for i in $(seq 1 20); do /usr/local/sbin/portcullis-limits selfcheck; done)");
            System.out.println("SELFCHECK x20 in force: " + r.stderr());
            vps.exec("nft", "flush", "ruleset");
            Shell.Result st = vps.exec("/usr/local/sbin/portcullis-limits", "status");
            System.out.println("STATUS exit " + st.exitCode() + "\n" + st.stdout().lines().limit(3).toList() + "\nSTDERR: " + st.stderr());
            r = vps.exec("bash", "-c", "time /usr/local/sbin/portcullis-limits selfcheck");
            System.out.println("SELFCHECK restore: " + r.stdout() + r.stderr());
            r = vps.exec("bash", "-c", "time /usr/local/sbin/portcullis-limits poll | wc -c");
            System.out.println("POLL: " + r.stdout() + r.stderr());
            System.out.println("CRON:\n" + vps.readFile("/etc/cron.d/portcullis-limits"));
        }
    }
}
