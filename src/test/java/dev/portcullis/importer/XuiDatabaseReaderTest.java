package dev.portcullis.importer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XuiDatabaseReaderTest {

    @TempDir
    Path dir;

    private final XuiDatabaseReader reader = new XuiDatabaseReader();

    @Test
    void readsTheVaxiluSchema() {
        Path db = Fixtures.databaseFromResource(dir, Fixtures.VAXILU_SQL);
        List<PanelInbound> inbounds = reader.read(db);
        assertEquals(6, inbounds.size());
        PanelInbound first = inbounds.get(0);
        assertEquals("ali-phone", first.name());
        assertEquals("23456", first.port());
        assertEquals("vmess", first.protocol());
        assertEquals("ws", first.network());
        assertEquals(1, first.clients().size());
        assertTrue(first.enabled());
        assertEquals("kcp", inbounds.get(2).network());
        assertFalse(inbounds.get(3).enabled(), "old-trojan is switched off");
        PanelInbound ss = inbounds.get(4);
        assertEquals("tcp,udp", ss.ssNetwork());
        assertEquals(1, ss.clients().size(), "single-user shadowsocks counts as one client");
        assertEquals("dokodemo-door", inbounds.get(5).protocol());
    }

    @Test
    void readsThe3xUiSchemaWithClientsAndExtraColumns() {
        Path db = Fixtures.databaseFromResource(dir, Fixtures.THREE_X_UI_SQL);
        List<PanelInbound> inbounds = reader.read(db);
        assertEquals(10, inbounds.size());
        PanelInbound shared = inbounds.get(0);
        assertEquals(List.of(new PanelClient("alice", 2, true), new PanelClient("bob", 3, true),
                new PanelClient("carol", 0, false)), shared.clients());
        assertEquals("127.0.0.1", inbounds.get(1).listen());
        assertEquals(List.of("127.0.0.1:2083", "8080"), inbounds.get(2).fallbackDests());
        assertFalse(inbounds.get(6).enabled());
        assertEquals("wireguard", inbounds.get(9).protocol());
        assertEquals("tcp", inbounds.get(9).network(), "no stream settings means tcp");
    }

    @Test
    void fallsBackToClientTrafficsWhenSettingsListNoClients() {
        String sql = Fixtures.resource(Fixtures.THREE_X_UI_SQL).replace("COMMIT;", """
                INSERT INTO inbounds (id, user_id, up, down, total, remark, enable, expiry_time, listen, port, protocol,
                  settings, stream_settings, tag, sniffing) VALUES (11, 1, 0, 0, 0, 'moved', 1, 0, '', 2097, 'vless',
                  '{"decryption": "none"}', '{"network": "tcp"}', 'inbound-2097', '{}');
                INSERT INTO client_traffics VALUES (11, 11, 1, 'kaveh', 0, 0, 0, 0, 0, 0, 0);
                INSERT INTO client_traffics VALUES (12, 11, 0, 'leila', 0, 0, 0, 0, 0, 0, 0);
                COMMIT;
                """);
        Path db = Fixtures.database(dir, "moved.db", sql);
        PanelInbound moved = reader.read(db).get(10);
        assertEquals(List.of(new PanelClient("kaveh", 0, true), new PanelClient("leila", 0, ServeState.STOPPED)),
                moved.clients(), "client_traffics.enable = 0: the panel stopped serving leila");
    }

    @Test
    void readsThe3xUi3SchemaWithClientTablesFallbacksAndNodes() {
        XuiDatabaseReader.Panel panel = new XuiDatabaseReader(Fixtures.NOW)
                .panel(Fixtures.databaseFromResource(dir, Fixtures.THREE_X_UI_3_SQL), "/etc/x-ui/x-ui.db");
        List<PanelInbound> inbounds = panel.inbounds();
        assertEquals(7, inbounds.size());
        PanelInbound reality = inbounds.get(0);
        assertEquals(List.of(new PanelClient("alice", 2, ServeState.ACTIVE), new PanelClient("bob", 3, ServeState.EXPIRED),
                new PanelClient("carol", 4, ServeState.USED_UP), new PanelClient("dave", 1, ServeState.DISABLED)),
                reality.clients(), "clients and limit_ip from clients/client_inbounds, usage from client_traffics by e-mail");
        assertEquals("in-443-tcp", reality.tag());
        assertEquals(List.of(new PanelClient("alice", 2, true), new PanelClient("henry", 1, true)), inbounds.get(3).clients(),
                "alice is linked to two inbounds");
        assertEquals(List.of("127.0.0.1:2083"), inbounds.get(3).fallbackDests(),
                "inbound_fallbacks without dest: the child's port on loopback, as the panel writes it");
        assertEquals("hysteria", inbounds.get(1).protocol());
        assertTrue(inbounds.get(2).h3Only());
        assertEquals("xhttp", inbounds.get(2).network());
        assertEquals("node 'de-fra-1' (node1.example.com)", inbounds.get(5).node());
        assertEquals("", inbounds.get(0).node());
        assertEquals(ServeState.EXPIRED, inbounds.get(6).state(), "the inbound's own expiry_time passed");
        assertEquals(new AccessLog("the Xray template (setting xrayTemplateConfig) of /etc/x-ui/x-ui.db",
                AccessLog.State.OFF, ""), panel.accessLog());
    }

    @Test
    void readsTheAlireza0SchemaAndTheVerdictsOfItsClientTraffics() {
        List<PanelInbound> inbounds = new XuiDatabaseReader(Fixtures.NOW)
                .read(Fixtures.databaseFromResource(dir, Fixtures.ALIREZA0_SQL));
        assertEquals(List.of(new PanelClient("mina", 1, ServeState.ACTIVE), new PanelClient("nima", 2, ServeState.EXPIRED),
                new PanelClient("omid", 1, ServeState.USED_UP)), inbounds.get(0).clients(),
                "their settings JSON says enable: true for all three");
        assertEquals(List.of(new PanelClient("zoe", 2, ServeState.USED_UP)), inbounds.get(1).clients());
    }

    @Test
    void anInboundExpiresWhenItsExpiryTimePasses() {
        Path db = Fixtures.databaseFromResource(dir, Fixtures.VAXILU_SQL);
        PanelInbound before = new XuiDatabaseReader(Fixtures.NOW).read(db).get(1);
        assertEquals("shop-vless", before.name());
        assertEquals(ServeState.ACTIVE, before.state());
        PanelInbound after = new XuiDatabaseReader(Clock.fixed(Instant.parse("2026-01-01T00:00:01Z"), ZoneOffset.UTC))
                .read(db).get(1);
        assertEquals(ServeState.EXPIRED, after.state());
    }

    @Test
    void refusesABrokenXrayTemplateNamingIt() {
        String sql = Fixtures.resource(Fixtures.THREE_X_UI_3_SQL).replace("COMMIT;",
                "UPDATE settings SET value = '{\"log\": {' WHERE key = 'xrayTemplateConfig';\nCOMMIT;");
        Path db = Fixtures.database(dir, "template.db", sql);
        ImportException e = assertThrows(ImportException.class, () -> reader.read(db));
        assertTrue(e.getMessage().startsWith("the Xray template (setting xrayTemplateConfig) of " + db + " is not valid JSON"),
                e.getMessage());
    }

    @Test
    void leavesTheFileAsItWas() throws Exception {
        Path db = Fixtures.databaseFromResource(dir, Fixtures.THREE_X_UI_SQL);
        byte[] before = Files.readAllBytes(db);
        reader.read(db);
        assertArrayEquals(before, Files.readAllBytes(db));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no journal, -wal or -shm left behind");
        }
    }

    @Test
    void refusesAFileThatIsNotADatabase() throws Exception {
        Path db = Files.writeString(dir.resolve("x-ui.db"), "this is not sqlite at all, just some text\n".repeat(200));
        ImportException e = assertThrows(ImportException.class, () -> reader.read(db, "/etc/x-ui/x-ui.db"));
        assertEquals("cannot read x-ui database /etc/x-ui/x-ui.db: not an SQLite database, or damaged", e.getMessage());
    }

    @Test
    void refusesADamagedDatabase() throws Exception {
        Path db = Fixtures.databaseFromResource(dir, Fixtures.THREE_X_UI_SQL);
        long size = Files.size(db);
        assertTrue(size > 8192);
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
            // Overwrite everything after the first page: the schema survives, the tables do not.
            f.seek(4096);
            byte[] junk = new byte[(int) size - 4096];
            java.util.Arrays.fill(junk, (byte) 0x5A);
            f.write(junk);
        }
        ImportException e = assertThrows(ImportException.class, () -> reader.read(db));
        assertTrue(e.getMessage().startsWith("cannot read x-ui database " + db + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void refusesADatabaseOfAnotherProgram() {
        Path db = Fixtures.database(dir, "other.db", "CREATE TABLE notes (id integer, body text);");
        ImportException e = assertThrows(ImportException.class, () -> reader.read(db));
        assertTrue(e.getMessage().endsWith("it has no 'inbounds' table (not an x-ui / 3x-ui database)"), e.getMessage());
    }

    @Test
    void refusesAMissingFile() {
        ImportException e = assertThrows(ImportException.class, () -> reader.read(dir.resolve("none.db")));
        assertTrue(e.getMessage().endsWith("no such file"), e.getMessage());
    }

    @Test
    void namesTheInboundWhoseSettingsAreBroken() {
        Path db = Fixtures.database(dir, "broken.db", """
                CREATE TABLE inbounds (id integer, remark text, enable numeric, listen text, port integer,
                  protocol text, settings text, stream_settings text, tag text);
                INSERT INTO inbounds VALUES (7, 'bad', 1, '', 443, 'vless', '{"clients": [', '{}', 'inbound-443');
                """);
        ImportException e = assertThrows(ImportException.class, () -> reader.read(db));
        assertTrue(e.getMessage().contains("settings of inbound 7 'bad'"), e.getMessage());
    }
}
