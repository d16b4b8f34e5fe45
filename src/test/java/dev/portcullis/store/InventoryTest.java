package dev.portcullis.store;

import static dev.portcullis.store.StoreFixture.count;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.AppContext;
import dev.portcullis.model.AuthKind;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Protocol;
import dev.portcullis.model.Server;
import dev.portcullis.model.ValidationException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryTest {

    @TempDir
    Path dir;

    @Test
    void serversAndLimitsSurviveReopeningTheDatabase() {
        Server keyed = new Server(Server.NEW, "fra-1", "fd00::10", 2222, "deploy", AuthKind.KEY_FILE, "/home/me/.ssh/id_ed25519", true);
        LimitEntry devices = new LimitEntry(443, Protocol.BOTH, LimitMode.DEVICES, 3, 24, 56, "alice", true, false, 300);
        try (AppContext app = StoreFixture.open(dir)) {
            Server stored = app.inventory().addServer(keyed, ServerSecrets.NONE);
            assertTrue(stored.id() > 0);
            assertTrue(app.inventory().setLimit("fra-1", devices));
        }
        try (AppContext app = StoreFixture.openWithoutPassword(dir)) {
            Server back = app.inventory().server("fra-1");
            assertEquals(keyed.withId(back.id()), back);
            assertEquals(List.of(devices), app.inventory().limits("fra-1"));
            assertEquals(List.of(new ServerLimit("fra-1", devices)), app.inventory().allLimits());
            assertFalse(app.vault().isUnlocked(), "listing must not need the master password");
        }
    }

    @Test
    void lastSyncIsReadBackAfterReopening() {
        java.time.Instant before = java.time.Instant.now().minusSeconds(1);
        try (AppContext app = StoreFixture.open(dir)) {
            Server a = app.inventory().addServer(StoreFixture.server("a"), StoreFixture.password("pw-123456"));
            Server b = app.inventory().addServer(StoreFixture.server("b"), StoreFixture.password("pw-123456"));
            app.inventory().addServer(StoreFixture.server("never"), StoreFixture.password("pw-123456"));
            app.inventory().recordSync(a, "failed");
            app.inventory().recordSync(a, "ok");
            app.inventory().recordSync(b, "failed");
        }
        java.time.Instant after = java.time.Instant.now().plusSeconds(1);
        try (AppContext app = StoreFixture.openWithoutPassword(dir)) {
            java.util.Map<String, LastSync> last = app.inventory().lastSyncs();
            assertEquals(java.util.Set.of("a", "b"), last.keySet(), "a server never synced has no entry");
            assertEquals("ok", last.get("a").status(), "the latest outcome wins");
            assertEquals("failed", last.get("b").status());
            for (LastSync s : last.values()) {
                assertTrue(s.at().isAfter(before) && s.at().isBefore(after), s.toString());
            }
            assertFalse(app.vault().isUnlocked(), "reading it must not need the master password");
        }
    }

    @Test
    void hostileLabelIsStoredAndReturnedVerbatim() {
        String label = "$(rm -rf /)`id`'; DROP TABLE servers; --";
        try (AppContext app = StoreFixture.open(dir)) {
            app.inventory().addServer(StoreFixture.server("a"), StoreFixture.password("pw-123456"));
            app.inventory().setLimit("a", LimitEntry.of(8443, LimitMode.CONNECTIONS, 10).withLabel(label));
        }
        try (AppContext app = StoreFixture.openWithoutPassword(dir)) {
            assertEquals(label, app.inventory().limits("a").get(0).label());
            assertEquals(1, app.inventory().servers().size());
        }
    }

    @Test
    void setLimitUpsertsByServerPortAndProtocol() {
        try (AppContext app = StoreFixture.open(dir)) {
            app.inventory().addServer(StoreFixture.server("a"), StoreFixture.password("pw-123456"));
            assertTrue(app.inventory().setLimit("a", LimitEntry.of(443, LimitMode.DEVICES, 3)));
            assertFalse(app.inventory().setLimit("a", LimitEntry.of(443, LimitMode.CONNECTIONS, 50)));
            assertTrue(app.inventory().setLimit("a", LimitEntry.of(443, LimitMode.DEVICES, 2).withProtocol(Protocol.UDP)));
            List<LimitEntry> limits = app.inventory().limits("a");
            assertEquals(2, limits.size());
            assertEquals(50, limits.stream().filter(e -> e.protocol() == Protocol.TCP).findFirst().orElseThrow().max());
        }
    }

    @Test
    void clashingProtocolIsRefusedWithNothingWritten() throws Exception {
        try (AppContext app = StoreFixture.open(dir)) {
            app.inventory().addServer(StoreFixture.server("a"), StoreFixture.password("pw-123456"));
            app.inventory().setLimit("a", LimitEntry.of(443, LimitMode.DEVICES, 3));
            ValidationException e = assertThrows(ValidationException.class,
                    () -> app.inventory().setLimit("a", LimitEntry.of(443, LimitMode.DEVICES, 9).withProtocol(Protocol.BOTH)));
            assertTrue(e.getMessage().contains("443/both"), e.getMessage());
        }
        assertEquals(1, count(dir, "SELECT COUNT(*) FROM limit_entries"));
        assertEquals(3, count(dir, "SELECT max_count FROM limit_entries"));
    }

    @Test
    void duplicateServerNameIsRefusedCleanly() throws Exception {
        try (AppContext app = StoreFixture.open(dir)) {
            app.inventory().addServer(StoreFixture.server("a"), StoreFixture.password("first-pw"));
            ValidationException e = assertThrows(ValidationException.class,
                    () -> app.inventory().addServer(StoreFixture.server("a"), StoreFixture.password("second-pw")));
            assertEquals("server name", e.field());
            assertTrue(e.getMessage().contains("'a'"), e.getMessage());
            assertArrayEquals("first-pw".toCharArray(),
                    app.inventory().secret(app.inventory().server("a"), SecretKind.PASSWORD).orElseThrow());
        }
        assertEquals(1, count(dir, "SELECT COUNT(*) FROM servers"));
        assertEquals(1, count(dir, "SELECT COUNT(*) FROM secrets"));
    }

    @Test
    void removingAServerDeletesItsEntriesAndSecrets() throws Exception {
        try (AppContext app = StoreFixture.open(dir)) {
            Server keyed = new Server(Server.NEW, "k", "198.18.0.2", 22, "root", AuthKind.KEY_FILE, "/k", false);
            app.inventory().addServer(keyed, new ServerSecrets("sudo-pw".toCharArray(), "phrase".toCharArray()));
            app.inventory().addServer(StoreFixture.server("keep"), StoreFixture.password("pw-123456"));
            app.inventory().setLimit("k", LimitEntry.of(443, LimitMode.DEVICES, 3));
            app.inventory().setLimit("k", LimitEntry.of(8080, LimitMode.CONNECTIONS, 30));
            app.inventory().setLimit("keep", LimitEntry.of(443, LimitMode.DEVICES, 3));
        }
        assertEquals(3, count(dir, "SELECT COUNT(*) FROM secrets"));
        assertEquals(3, count(dir, "SELECT COUNT(*) FROM limit_entries"));
        try (AppContext app = StoreFixture.openWithoutPassword(dir)) {
            app.inventory().removeServer("k");
            assertThrows(UnknownServerException.class, () -> app.inventory().server("k"));
            assertThrows(UnknownServerException.class, () -> app.inventory().removeServer("k"));
        }
        assertEquals(1, count(dir, "SELECT COUNT(*) FROM secrets"));
        assertEquals(1, count(dir, "SELECT COUNT(*) FROM limit_entries"));
        assertEquals(1, count(dir, "SELECT COUNT(*) FROM servers"));
    }

    @Test
    void passwordLoginWithoutPasswordIsRefusedBeforeWriting() throws Exception {
        try (AppContext app = StoreFixture.openWithoutPassword(dir)) {
            assertThrows(ValidationException.class, () -> app.inventory().addServer(StoreFixture.server("a"), ServerSecrets.NONE));
        }
        assertEquals(0, count(dir, "SELECT COUNT(*) FROM servers"));
    }

    @Test
    void removeLimitOfUnknownPortIsBadInput() {
        try (AppContext app = StoreFixture.open(dir)) {
            app.inventory().addServer(StoreFixture.server("a"), StoreFixture.password("pw-123456"));
            app.inventory().setLimit("a", LimitEntry.of(443, LimitMode.DEVICES, 3));
            app.inventory().setLimit("a", LimitEntry.of(443, LimitMode.DEVICES, 3).withProtocol(Protocol.UDP));
            assertThrows(ValidationException.class, () -> app.inventory().removeLimit("a", 444, null));
            assertEquals(1, app.inventory().removeLimit("a", 443, Protocol.UDP));
            assertEquals(1, app.inventory().removeLimit("a", 443, null));
            assertTrue(app.inventory().limits("a").isEmpty());
        }
    }

    @Test
    void updatingAServerKeepsItsIdAndCanRenameIt() {
        try (AppContext app = StoreFixture.open(dir)) {
            Server a = app.inventory().addServer(StoreFixture.server("a"), StoreFixture.password("pw-123456"));
            app.inventory().addServer(StoreFixture.server("b"), StoreFixture.password("pw-123456"));
            app.inventory().setLimit("a", LimitEntry.of(443, LimitMode.DEVICES, 3));
            Server renamed = new Server(Server.NEW, "a2", "vps.example.com", 2200, "admin", AuthKind.PASSWORD, null, true);
            assertEquals(a.id(), app.inventory().updateServer("a", renamed, ServerSecrets.NONE).id());
            assertEquals(1, app.inventory().limits("a2").size());
            assertThrows(ValidationException.class, () -> app.inventory().updateServer("a2",
                    new Server(Server.NEW, "b", "h.example", 22, "root", AuthKind.PASSWORD, null, false), ServerSecrets.NONE));
            assertEquals("vps.example.com", app.inventory().server("a2").host());
        }
    }

    @Test
    void recordingTrustReplacesEveryKeyOfTheHostPort() {
        try (AppContext app = StoreFixture.openWithoutPassword(dir)) {
            app.inventory().trustHostKeys("198.18.0.9", 22, List.of(
                    new KnownHostKey("198.18.0.9", 22, "ssh-ed25519", "AAAAC3Nza", "SHA256:abc"),
                    new KnownHostKey("198.18.0.9", 22, "ssh-rsa", "AAAAB3Nza", "SHA256:def")));
            app.inventory().trustHostKeys("198.18.0.9", 2222, List.of(
                    new KnownHostKey("198.18.0.9", 2222, "ssh-rsa", "AAAAB3Nzc", "SHA256:jkl")));
            // the server was reinstalled: it now has one RSA key only
            app.inventory().trustHostKeys("198.18.0.9", 22, List.of(
                    new KnownHostKey("198.18.0.9", 22, "ssh-rsa", "AAAAB3Nzb", "SHA256:ghi")));
        }
        try (AppContext app = StoreFixture.openWithoutPassword(dir)) {
            List<KnownHostKey> keys = app.inventory().knownHostKeys("198.18.0.9", 22);
            assertEquals(List.of("SHA256:ghi"), keys.stream().map(KnownHostKey::fingerprint).toList(),
                    "no stale ed25519 key survives the new record");
            assertEquals(1, app.inventory().knownHostKeys("198.18.0.9", 2222).size(), "other ports are untouched");
            assertThrows(IllegalArgumentException.class, () -> app.inventory().trustHostKeys("198.18.0.9", 22,
                    List.of(new KnownHostKey("198.18.0.8", 22, "ssh-rsa", "AAAAB3Nzb", "SHA256:ghi"))));
            assertEquals(1, app.inventory().knownHostKeys("198.18.0.9", 22).size(), "a refused record changes nothing");
        }
    }

    @Test
    void changeLimitsTurnsTcpIntoBothAndAddsEntriesInOneGo() {
        try (AppContext app = StoreFixture.open(dir)) {
            app.inventory().addServer(StoreFixture.server("a"), StoreFixture.password("pw-123456"));
            LimitEntry tcp = LimitEntry.of(443, LimitMode.CONNECTIONS, 5);
            app.inventory().setLimit("a", tcp);
            LimitEntry both = tcp.withProtocol(Protocol.BOTH).withLabel("alice");
            LimitEntry added = LimitEntry.of(8443, LimitMode.DEVICES, 2);
            assertEquals(2, app.inventory().changeLimits("a", List.of(new LimitChange(tcp, both), new LimitChange(null, added))));
            assertEquals(List.of(both, added), app.inventory().limits("a"));
        }
    }

    @Test
    void changeLimitsThatFailsHalfWayLeavesEveryEntryAsItWas() throws Exception {
        List<LimitEntry> before;
        try (AppContext app = StoreFixture.open(dir)) {
            app.inventory().addServer(StoreFixture.server("a"), StoreFixture.password("pw-123456"));
            LimitEntry web = LimitEntry.of(443, LimitMode.CONNECTIONS, 5);
            LimitEntry dns = LimitEntry.of(853, LimitMode.CONNECTIONS, 5).withProtocol(Protocol.UDP);
            app.inventory().setLimit("a", web);
            app.inventory().setLimit("a", dns);
            app.inventory().setLimit("a", LimitEntry.of(853, LimitMode.CONNECTIONS, 7));
            before = app.inventory().limits("a");
            // The first two changes are written before the last one turns out to clash with 853/udp.
            List<LimitChange> changes = List.of(
                    new LimitChange(web, web.withMax(50).withLabel("changed")),
                    new LimitChange(null, LimitEntry.of(9000, LimitMode.DEVICES, 3)),
                    new LimitChange(LimitEntry.of(853, LimitMode.CONNECTIONS, 7),
                            LimitEntry.of(853, LimitMode.CONNECTIONS, 7).withProtocol(Protocol.BOTH)));
            ValidationException e = assertThrows(ValidationException.class, () -> app.inventory().changeLimits("a", changes));
            assertTrue(e.getMessage().contains("853"), e.getMessage());
            assertEquals(before, app.inventory().limits("a"));
        }
        assertEquals(3, count(dir, "SELECT COUNT(*) FROM limit_entries"));
        assertEquals(0, count(dir, "SELECT COUNT(*) FROM limit_entries WHERE port = 9000 OR label = 'changed'"));
        try (AppContext app = StoreFixture.openWithoutPassword(dir)) {
            assertEquals(before, app.inventory().limits("a"));
        }
    }

    @Test
    void changeLimitsPlannedAgainstAnOutdatedEntryWritesNothing() {
        try (AppContext app = StoreFixture.open(dir)) {
            app.inventory().addServer(StoreFixture.server("a"), StoreFixture.password("pw-123456"));
            LimitEntry seen = LimitEntry.of(443, LimitMode.CONNECTIONS, 5);
            app.inventory().setLimit("a", seen.withMax(6));
            StaleLimitsException e = assertThrows(StaleLimitsException.class, () -> app.inventory().changeLimits("a",
                    List.of(new LimitChange(null, LimitEntry.of(80, LimitMode.DEVICES, 2)), new LimitChange(seen, seen.withMax(9)))));
            assertEquals("nothing was saved: the entry for port 443/tcp of a changed", e.getMessage());
            assertEquals(List.of(seen.withMax(6)), app.inventory().limits("a"));
            assertThrows(UnknownServerException.class, () -> app.inventory().changeLimits("nosuch", List.of()));
        }
    }
}
