package dev.portcullis.store;

import static dev.portcullis.store.StoreFixture.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.AppContext;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Network;
import dev.portcullis.model.Protocol;
import dev.portcullis.model.ServerSettings;
import dev.portcullis.model.ValidationException;
import dev.portcullis.rules.LimitsConf;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Account entries, the access log and allowed networks in the store (migration V2). */
class AccountStoreTest {

    @TempDir
    Path dir;

    private static final LimitEntry PORT_443 = LimitEntry.of(443, LimitMode.DEVICES, 50);
    private static final LimitEntry ALICE = LimitEntry.ofAccount(443, "alice@x", 1).withIdle(300).withMasks(24, 56)
            .withLabel("Alice").withObserve(true);
    private static final LimitEntry BOB = LimitEntry.ofAccount(443, "bob y@x", 2).withProtocol(Protocol.BOTH).withEnabled(false);

    private AppContext withServer() {
        AppContext app = StoreFixture.open(dir);
        app.inventory().addServer(StoreFixture.server("a"), StoreFixture.password("pw-123456"));
        return app;
    }

    @Test
    void accountEntriesAndSettingsSurviveReopeningInCanonicalOrder() {
        try (AppContext app = withServer()) {
            Inventory inv = app.inventory();
            assertTrue(inv.setLimit("a", BOB));
            assertTrue(inv.setLimit("a", ALICE));
            assertTrue(inv.setLimit("a", PORT_443));
            assertTrue(inv.setLimit("a", LimitEntry.of(80, LimitMode.CONNECTIONS, 5)));
            inv.setAccessLog("a", "/var/log/xray/access log.txt");
            assertTrue(inv.allow("a", Network.parse("fd00:1::5/48")));
            assertTrue(inv.allow("a", Network.parse("198.18.7.9/16")));
            assertFalse(inv.allow("a", Network.parse("198.18.0.0/16")), "the same network once");
        }
        try (AppContext app = StoreFixture.openWithoutPassword(dir)) {
            Inventory inv = app.inventory();
            List<LimitEntry> all = inv.limits("a");
            assertEquals(List.of(LimitEntry.of(80, LimitMode.CONNECTIONS, 5), PORT_443, ALICE, BOB), all);
            List<LimitEntry> sorted = new java.util.ArrayList<>(all);
            sorted.sort(LimitsConf.ORDER);
            assertEquals(sorted, all);
            assertEquals(new ServerSettings("/var/log/xray/access log.txt",
                    List.of(Network.parse("198.18.0.0/16"), Network.parse("fd00:1::/48"))), inv.settings("a"));
            assertEquals(4, inv.allLimits().size());
            assertEquals(PORT_443, inv.limit("a", 443, Protocol.TCP).orElseThrow(), "limit() is the port entry");
        }
    }

    @Test
    void upsertIsKeyedByPortProtocolAndAccount() {
        try (AppContext app = withServer()) {
            Inventory inv = app.inventory();
            assertTrue(inv.setLimit("a", ALICE));
            assertFalse(inv.setLimit("a", ALICE.withMax(3)), "same account and port: updated");
            assertTrue(inv.setLimit("a", ALICE.withAccount("carol@x")), "another account: a new entry");
            assertEquals(List.of(3, 1), inv.limits("a").stream().map(LimitEntry::max).toList());
            ValidationException clash = assertThrows(ValidationException.class,
                    () -> inv.setLimit("a", ALICE.withProtocol(Protocol.BOTH)));
            assertEquals(ValidationException.Problem.CLASH, clash.problem());
            assertEquals(2, inv.limits("a").size(), "nothing written");
        }
    }

    @Test
    void accountEntryOnTheSshPortIsRefused() {
        try (AppContext app = withServer()) {
            ValidationException e = assertThrows(ValidationException.class,
                    () -> app.inventory().setLimit("a", LimitEntry.ofAccount(22, "alice@x", 1)));
            assertEquals(ValidationException.Problem.LOCKOUT, e.problem());
            assertTrue(app.inventory().limits("a").isEmpty());
        }
    }

    @Test
    void removeTakesPortEntriesOrOneAccountsEntries() {
        try (AppContext app = withServer()) {
            Inventory inv = app.inventory();
            inv.setLimit("a", PORT_443);
            inv.setLimit("a", ALICE);
            inv.setLimit("a", BOB);
            assertEquals(1, inv.removeLimit("a", 443, null));
            assertEquals(List.of(ALICE, BOB), inv.limits("a"), "the 3-argument remove keeps account entries");
            ValidationException none = assertThrows(ValidationException.class, () -> inv.removeLimit("a", 443, Protocol.TCP, "bob y@x"));
            assertEquals(ValidationException.Problem.NOT_LIMITED, none.problem());
            assertEquals("bob y@x", none.value());
            assertEquals(1, inv.removeLimit("a", 443, null, "bob y@x"));
            assertEquals(List.of(ALICE), inv.limits("a"));
            assertThrows(ValidationException.class, () -> inv.removeLimit("a", 443, null, "bad\u0007account"));
            assertEquals(1, inv.removeLimit("a", 443, Protocol.TCP, "alice@x"));
            assertTrue(inv.limits("a").isEmpty());
        }
    }

    @Test
    void settingsAreValidatedAndCleared() {
        try (AppContext app = withServer()) {
            Inventory inv = app.inventory();
            inv.setAccessLog("a", "/var/log/v2ray/access.log");
            ValidationException relative = assertThrows(ValidationException.class, () -> inv.setAccessLog("a", "access.log"));
            assertEquals(ValidationException.Field.ACCESS_LOG, relative.target());
            assertThrows(ValidationException.class, () -> inv.setAccessLog("a", "/var/log/\nx"));
            assertEquals("/var/log/v2ray/access.log", inv.settings("a").accessLog(), "refusals change nothing");
            inv.setAccessLog("a", "");
            assertEquals(ServerSettings.NONE, inv.settings("a"));
            assertThrows(UnknownServerException.class, () -> inv.settings("nope"));
            assertThrows(UnknownServerException.class, () -> inv.allow("nope", Network.parse("198.18.0.1")));
        }
    }

    @Test
    void allowAndDisallow() {
        try (AppContext app = withServer()) {
            Inventory inv = app.inventory();
            Network n = Network.parse("2001:DB8:0:0:1::/80");
            assertTrue(inv.allow("a", n));
            assertEquals("2001:db8:0:0:1::/80", inv.settings("a").allowed().get(0).toString());
            assertTrue(inv.disallow("a", n));
            assertFalse(inv.disallow("a", n));
            assertTrue(inv.settings("a").allowed().isEmpty());
        }
    }

    @Test
    void atMostTheContractsNumberOfAllowedNetworks() {
        try (AppContext app = withServer()) {
            Inventory inv = app.inventory();
            for (int i = 0; i < 1024; i++) {
                inv.allow("a", Network.parse("198.18." + (i / 256) + "." + (i % 256)));
            }
            ValidationException e = assertThrows(ValidationException.class, () -> inv.allow("a", Network.parse("198.19.0.1")));
            assertEquals(ValidationException.Field.NETWORK, e.target());
            assertEquals(1024, inv.settings("a").allowed().size());
        }
    }

    @Test
    void removingTheServerTakesItsSettings() throws SQLException {
        try (AppContext app = withServer()) {
            app.inventory().allow("a", Network.parse("198.18.0.1"));
            app.inventory().setLimit("a", ALICE);
            app.inventory().removeServer("a");
        }
        assertEquals(0, count(dir, "SELECT COUNT(*) FROM allowed_networks"));
        assertEquals(0, count(dir, "SELECT COUNT(*) FROM limit_entries"));
    }

    @Test
    void theTablesRefuseRowsTheModelWouldRefuse() throws SQLException {
        try (AppContext app = withServer()) {
            app.inventory().setLimit("a", PORT_443);
        }
        try (Connection c = DriverManager.getConnection(Database.url(dir), "", ""); Statement s = c.createStatement()) {
            long id = id(s);
            String insert = "INSERT INTO limit_entries (server_id, port, protocol, mode, max_count, account) VALUES ("
                    + id + ", 443, 'tcp', ";
            assertThrows(SQLException.class, () -> s.executeUpdate(insert + "'connections', 3, 'alice@x')"),
                    "an account entry is mode devices");
            assertThrows(SQLException.class, () -> s.executeUpdate(insert + "'devices', 3, '')"), "one port entry per port and protocol");
            assertThrows(SQLException.class, () -> s.executeUpdate(insert + "'devices', 3, '" + "x".repeat(257) + "')"));
            s.executeUpdate(insert + "'devices', 3, 'alice@x')");
            assertThrows(SQLException.class, () -> s.executeUpdate(insert + "'devices', 4, 'alice@x')"));
            for (String bad : List.of("evil", "198.18.0.1", "198.18.0.1/24; DROP", "FD00::/8", "a b/8")) {
                assertThrows(SQLException.class, () -> s.executeUpdate(
                        "INSERT INTO allowed_networks (server_id, network) VALUES (" + id + ", '" + bad + "')"), bad);
            }
            assertThrows(SQLException.class, () -> s.executeUpdate("UPDATE servers SET access_log = 'relative/x'"));
        }
    }

    @Test
    void aVersionOneDatabaseWithRowsMigrates() throws SQLException {
        Flyway.configure().dataSource(Database.url(dir), "", "").locations("classpath:db/migration").target("1")
                .load().migrate();
        try (Connection c = DriverManager.getConnection(Database.url(dir), "", ""); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO servers (name, host, ssh_port, ssh_user, auth_kind, key_path) VALUES"
                    + " ('old', '198.18.0.10', 22, 'root', 'key', '/k')");
            long id = id(s);
            s.executeUpdate("INSERT INTO limit_entries (server_id, port, protocol, mode, max_count, label) VALUES"
                    + " (" + id + ", 443, 'tcp', 'devices', 3, 'shop'), (" + id + ", 443, 'udp', 'connections', 9, '')");
        }
        try (AppContext app = StoreFixture.openWithoutPassword(dir)) {
            Inventory inv = app.inventory();
            assertEquals(List.of(LimitEntry.of(443, LimitMode.DEVICES, 3).withLabel("shop"),
                    LimitEntry.of(443, LimitMode.CONNECTIONS, 9).withProtocol(Protocol.UDP)), inv.limits("old"));
            assertEquals(ServerSettings.NONE, inv.settings("old"));
            assertTrue(inv.setLimit("old", ALICE), "an account entry next to the old port entry");
            assertEquals(3, inv.limits("old").size());
        }
    }

    private static long id(Statement s) throws SQLException {
        try (var rs = s.executeQuery("SELECT MIN(id) FROM servers")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
