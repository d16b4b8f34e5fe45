package dev.portcullis.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.AppContext;
import dev.portcullis.model.AuthKind;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Protocol;
import dev.portcullis.model.Server;
import dev.portcullis.model.ValidationException;
import dev.portcullis.store.Inventory;
import dev.portcullis.store.ServerSecrets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The import saving into the real H2 inventory: updates in place, all or nothing. */
class InventoryLimitBookTest {

    @TempDir
    Path dir;

    private AppContext app;
    private Inventory inventory;
    private ImportService service;

    @BeforeEach
    void open() {
        app = AppContext.open(dir, creating -> "a master password for tests".toCharArray());
        inventory = app.inventory();
        inventory.addServer(new Server(Server.NEW, "vps1", "198.18.0.10", 22, "root", AuthKind.PASSWORD, null, false),
                new ServerSecrets("pw".toCharArray(), null));
        service = new ImportService(server -> {
            throw new AssertionError("not used: the panel is given");
        }, new InventoryLimitBook(inventory));
    }

    @AfterEach
    void close() {
        app.close();
    }

    private static PanelInbound inbound(String port, String protocol, String ssNetwork, String email, int limitIp) {
        return new PanelInbound("/etc/x-ui/x-ui.db", email, "", true, "", port, protocol, "tcp", ssNetwork, false,
                List.of(new PanelClient(email, limitIp, true)), List.of());
    }

    private ImportPlan plan(PanelInbound... inbounds) {
        return service.plan("vps1", new FetchedPanel(List.of(inbounds), List.of("/etc/x-ui/x-ui.db"), List.of(), List.of()),
                ImportOptions.defaults());
    }

    @Test
    void aTcpEntryBecomesBothAndNewEntriesAreAddedThenNothingChanges() {
        LimitEntry tuned = LimitEntry.of(443, LimitMode.CONNECTIONS, 20).withObserve(true);
        inventory.setLimit("vps1", tuned);
        ImportPlan plan = plan(inbound("443", "shadowsocks", "tcp,udp", "alice", 0), inbound("8443", "vless", "", "bob", 2));
        assertEquals(1, plan.count(ChangeKind.UPDATED));
        assertEquals(1, plan.count(ChangeKind.NEW));

        assertEquals(2, service.save(plan));
        assertEquals(List.of(tuned.withProtocol(Protocol.BOTH).withLabel("alice"),
                new LimitEntry(8443, Protocol.TCP, LimitMode.DEVICES, 2, 32, 64, "bob", false, true, 120)),
                inventory.limits("vps1"));

        ImportPlan again = plan(inbound("443", "shadowsocks", "tcp,udp", "alice", 0), inbound("8443", "vless", "", "bob", 2));
        assertEquals(2, again.count(ChangeKind.UNCHANGED), PlanText.table(again));
        assertEquals(0, service.save(again));
    }

    @Test
    void aSaveThatFailsHalfWayLeavesTheStoreExactlyAsItWas() {
        inventory.setLimit("vps1", LimitEntry.of(443, LimitMode.CONNECTIONS, 20));
        ImportPlan plan = plan(inbound("80", "vmess", "", "carol", 0), inbound("443", "shadowsocks", "tcp,udp", "alice", 3),
                inbound("8443", "vless", "", "bob", 2));
        assertEquals(3, plan.writes().size());
        // Behind the review's back: a udp entry on 443, which the planned tcp -> both update now overlaps.
        inventory.setLimit("vps1", LimitEntry.of(443, LimitMode.DEVICES, 4).withProtocol(Protocol.UDP));
        List<LimitEntry> before = inventory.limits("vps1");

        ValidationException e = assertThrows(ValidationException.class, () -> service.save(plan));
        assertTrue(e.getMessage().contains("443"), e.getMessage());
        assertEquals(before, inventory.limits("vps1"), "the entries for 80 and 8443 written first are rolled back");
    }

    @Test
    void aSaveAgainstChangedEntriesIsRefused() {
        LimitEntry seen = LimitEntry.of(443, LimitMode.CONNECTIONS, 20);
        inventory.setLimit("vps1", seen);
        ImportPlan plan = plan(inbound("443", "vless", "", "alice", 3), inbound("8443", "vless", "", "bob", 2));
        inventory.setLimit("vps1", seen.withMax(21));
        ImportException e = assertThrows(ImportException.class, () -> service.save(plan));
        assertTrue(e.getMessage().contains("changed since the review"), e.getMessage());
        assertEquals(List.of(seen.withMax(21)), inventory.limits("vps1"));
    }

    @Test
    void a3xUi3PanelWithTcpAndUdpOn443IsSavedAsTwoEntriesWithAccountEntriesForSharedInbounds() {
        List<PanelInbound> inbounds = new XuiDatabaseReader(Fixtures.NOW)
                .read(Fixtures.databaseFromResource(dir, Fixtures.THREE_X_UI_3_SQL), "/etc/x-ui/x-ui.db");
        ImportPlan plan = service.plan("vps1", new FetchedPanel(inbounds, List.of("/etc/x-ui/x-ui.db"), List.of(), List.of()),
                ImportOptions.defaults());
        assertEquals(9, service.save(plan), PlanText.table(plan));
        List<LimitEntry> saved = inventory.limits("vps1");
        assertEquals(List.of("443/tcp alice 2", "443/udp hy2 4", "443/udp account erin 2", "443/udp account frank 2",
                        "2053/tcp front 3", "2053/tcp account alice 2", "2053/tcp account henry 1", "8443/udp gina 64",
                        "9443/tcp kian 2"),
                saved.stream().map(e -> e.port() + "/" + e.protocol().id() + " " + (e.isAccount() ? "account " + e.account()
                        : e.label()) + " " + e.max()).toList());
        assertEquals(0, service.save(service.plan("vps1", new FetchedPanel(inbounds, List.of("/etc/x-ui/x-ui.db"),
                List.of(), List.of()), ImportOptions.defaults())), "importing again changes nothing");
    }
}
