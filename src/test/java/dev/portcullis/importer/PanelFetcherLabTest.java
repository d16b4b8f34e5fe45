package dev.portcullis.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.lab.Lab;
import dev.portcullis.lab.LabExtension;
import dev.portcullis.lab.LabVps;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Reads panels from lab servers whose /etc, /usr/local and /var/lib are throw-away overlays. */
class PanelFetcherLabTest {

    private static final String EXTRA_INBOUND = "INSERT INTO inbounds (user_id, up, down, total, remark, enable, "
            + "expiry_time, listen, port, protocol, settings, stream_settings, tag, sniffing) VALUES (1, 0, 0, 0, "
            + "'added-live', 1, 0, '', 2099, 'vless', '{\"clients\": [{\"id\": \"x\", \"email\": \"zara\", "
            + "\"limitIp\": 4, \"enable\": true}]}', '{\"network\": \"tcp\"}', 'inbound-2099', '{}');";

    @RegisterExtension
    final LabExtension labs = new LabExtension();

    /** Builds the 3x-ui database on the server with sqlite3 and returns its checksum. */
    private static String installDatabase(LabVps vps, String path) {
        vps.bash("mkdir -p \"$(dirname \"$1\")\" && rm -f \"$1\" && sqlite3 -bail \"$1\"", path);
        vps.execWithInput(Fixtures.resource(Fixtures.THREE_X_UI_SQL), "sqlite3", "-bail", path).orThrow();
        vps.exec("sqlite3", path, "PRAGMA journal_mode=WAL;").orThrow();
        return checksum(vps, path);
    }

    private static String checksum(LabVps vps, String path) {
        return vps.exec("sha256sum", path).orThrow().stdout().split(" ")[0];
    }

    /**
     * A panel that keeps writing: one committed row sits in the -wal, not yet in the main file, while
     * the writer stays connected.
     */
    private static Process liveWriter(LabVps vps, String path) throws Exception {
        Process writer = vps.spawn("sqlite3", path);
        OutputStream in = writer.getOutputStream();
        in.write(("PRAGMA wal_autocheckpoint=0;\n" + EXTRA_INBOUND + "\nSELECT 'ready';\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
        BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                String l;
                while ((l = out.readLine()) != null && !l.equals("ready")) {
                    // the PRAGMA's own output
                }
                return l;
            } catch (java.io.IOException e) {
                return null;
            }
        }).get(20, TimeUnit.SECONDS);
        assertEquals("ready", line);
        return writer;
    }

    /** A server with none of the files the fetcher looks for (the host may have a v2ray config of its own). */
    private static LabVps emptyServer(Lab lab) {
        LabVps vps = LabVps.create(lab, "panel");
        // A /tmp of its own: the server's temporary copies never land in (or are confused with) the host's.
        vps.exec("mount", "-t", "tmpfs", "-o", "mode=1777", "labtmp", "/tmp").orThrow();
        vps.bash("rm -rf /etc/x-ui /etc/default/x-ui /etc/systemd/system/x-ui.service; rm -f \"$@\"",
                PanelFetcher.CONFIG_PATHS.toArray(String[]::new)).orThrow();
        return vps;
    }

    private static List<String> leftoverTempCopies(LabVps vps) {
        String out = vps.bash("ls -d /tmp/portcullis-import.* 2>/dev/null; exit 0").stdout();
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void readsALiveDatabaseWithSqliteBackupAndTheXrayConfig() throws Exception {
        Lab lab = labs.lab();
        LabVps vps = emptyServer(lab);
        installDatabase(vps, "/etc/x-ui/x-ui.db");
        vps.writeFile("/usr/local/etc/xray/config.json", Fixtures.resource(Fixtures.XRAY_CONFIG)
                .replace("\"loglevel\": \"warning\"", "\"access\": \"/var/log/xray/access.log\", \"loglevel\": \"warning\""));
        List<String> before = leftoverTempCopies(vps);
        Process writer = liveWriter(vps, "/etc/x-ui/x-ui.db");
        assertTrue(vps.exec("test", "-s", "/etc/x-ui/x-ui.db-wal").ok(), "the new row waits in the -wal");
        String mainSum = checksum(vps, "/etc/x-ui/x-ui.db");

        FetchedPanel panel = new PanelFetcher().fetch(new LabPanelHost(vps));

        assertEquals(List.of("/etc/x-ui/x-ui.db", "/usr/local/etc/xray/config.json"), panel.sources());
        assertEquals(17, panel.inbounds().size(), "10 + the live one from the database, 6 from the config");
        assertTrue(panel.inbounds().stream().anyMatch(i -> i.name().equals("added-live")));
        assertTrue(panel.notes().contains("copied /etc/x-ui/x-ui.db with sqlite3's online backup"), panel.notes().toString());
        assertTrue(panel.notes().contains("access logging is on in /usr/local/etc/xray/config.json "
                + "(log.access /var/log/xray/access.log)"), panel.notes().toString());
        assertEquals(List.of("access logging is on in the Xray template (setting xrayTemplateConfig) of /etc/x-ui/x-ui.db "
                + "but goes to standard output (no log.access file): limits per account on a shared port need "
                + "log.access set to a file" + AccessLog.CHANGE), panel.warnings(), "the fixture's template is {}");
        assertEquals(before, leftoverTempCopies(vps), "the temporary copy is deleted");
        assertEquals(mainSum, checksum(vps, "/etc/x-ui/x-ui.db"), "the server's database is not changed");
        writer.getOutputStream().close();
        assertTrue(writer.waitFor(10, TimeUnit.SECONDS));
    }

    @Test
    void followsXuiDbFolderAndDownloadsTheWalWhereThereIsNoSqlite3() throws Exception {
        Lab lab = labs.lab();
        LabVps vps = emptyServer(lab);
        vps.writeFile("/etc/default/x-ui", "# panel settings\nexport XUI_DB_FOLDER=\"/var/lib/panel\"\n");
        installDatabase(vps, "/var/lib/panel/x-ui.db");
        installDatabase(vps, "/etc/x-ui/x-ui.db");
        vps.exec("sqlite3", "/etc/x-ui/x-ui.db", "DELETE FROM inbounds;").orThrow();
        Process writer = liveWriter(vps, "/var/lib/panel/x-ui.db");
        String walSum = checksum(vps, "/var/lib/panel/x-ui.db-wal");
        String mainSum = checksum(vps, "/var/lib/panel/x-ui.db");

        FetchedPanel panel = new PanelFetcher(false).fetch(new LabPanelHost(vps));

        assertEquals(List.of("/var/lib/panel/x-ui.db"), panel.sources());
        assertEquals(11, panel.inbounds().size());
        assertTrue(panel.inbounds().stream().anyMatch(i -> i.name().equals("added-live")), "read through the -wal");
        assertTrue(panel.notes().stream().anyMatch(n -> n.contains("with its -wal and -shm")), panel.notes().toString());
        assertEquals(walSum, checksum(vps, "/var/lib/panel/x-ui.db-wal"), "the server's files are not changed");
        assertEquals(mainSum, checksum(vps, "/var/lib/panel/x-ui.db"));
        writer.getOutputStream().close();
        assertTrue(writer.waitFor(10, TimeUnit.SECONDS));
    }

    @Test
    void aPostgresPanelIsReportedAndTheConfigsAreStillRead() {
        Lab lab = labs.lab();
        LabVps vps = emptyServer(lab);
        vps.writeFile("/etc/systemd/system/x-ui.service", """
                [Unit]
                Description=x-ui Service
                [Service]
                Environment="XRAY_VMESS_AEAD_FORCED=false" "XUI_DB_TYPE=postgres"
                ExecStart=/usr/local/x-ui/x-ui
                [Install]
                WantedBy=multi-user.target
                """);
        vps.writeFile("/usr/local/x-ui/bin/config.json", Fixtures.resource(Fixtures.V2RAY_CONFIG));

        FetchedPanel panel = new PanelFetcher().fetch(new LabPanelHost(vps));

        assertEquals(List.of("/usr/local/x-ui/bin/config.json"), panel.sources());
        assertEquals(2, panel.warnings().size(), panel.warnings().toString());
        assertTrue(panel.warnings().get(0).contains("PostgreSQL (XUI_DB_TYPE=postgres): not supported yet"),
                panel.warnings().toString());
        assertTrue(panel.warnings().get(1).startsWith("access logging is on in /usr/local/x-ui/bin/config.json but "
                + "goes to standard output"), panel.warnings().toString());
        assertEquals(5, panel.inbounds().size());
    }

    @Test
    void aTruncatedConfigOrAnEmptyServerIsOneClearError() {
        Lab lab = labs.lab();
        LabVps vps = emptyServer(lab);
        ImportException none = assertThrows(ImportException.class, () -> new PanelFetcher().fetch(new LabPanelHost(vps)));
        assertTrue(none.getMessage().startsWith("found no x-ui / 3x-ui database and no Xray/V2Ray config on lab-vps"),
                none.getMessage());

        String config = Fixtures.resource(Fixtures.V2RAY_CONFIG);
        vps.writeFile("/etc/v2ray/config.json", config.substring(0, config.length() - 40));
        ImportException cut = assertThrows(ImportException.class, () -> new PanelFetcher().fetch(new LabPanelHost(vps)));
        assertTrue(cut.getMessage().startsWith("cannot read /etc/v2ray/config.json: the JSON ends early"), cut.getMessage());

        vps.exec("rm", "/etc/v2ray/config.json").orThrow();
        vps.writeFile("/etc/x-ui/x-ui.db", "garbage ".repeat(1000));
        ImportException bad = assertThrows(ImportException.class, () -> new PanelFetcher().fetch(new LabPanelHost(vps)));
        assertTrue(bad.getMessage().contains("/etc/x-ui/x-ui.db"), bad.getMessage());
    }
}
