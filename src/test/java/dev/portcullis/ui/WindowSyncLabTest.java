package dev.portcullis.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.conntrack.PortSummary;
import dev.portcullis.lab.LabClient;
import dev.portcullis.ui.live.ConnectionRow;
import dev.portcullis.model.AuthKind;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Server;
import dev.portcullis.store.ServerSecrets;
import dev.portcullis.ui.servers.SyncState;
import dev.portcullis.ui.sync.SyncRow;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;

/**
 * The window against real servers: sshd in lab namespaces. First contact asks to trust the host
 * key; Sync all installs the limits (checked in the server's own files and kernel), Plan then
 * finds nothing to change, and an unreachable server fails with its reason and a Retry button.
 */
class WindowSyncLabTest {

    @RegisterExtension
    static final WindowLabServer server = new WindowLabServer("win", "root pass 1");
    @RegisterExtension
    final WindowFixture window = new WindowFixture();

    @Test
    void trustsTheHostKeyThenSyncsAndPlansAgainstARealServer(FxRobot robot) {
        window.createPassword(robot);
        var inventory = window.shell.context().inventory();
        server.addAsRoot(inventory, "lab-1");
        // 198.18.0.0/15 holds no host of ours outside the lab: nothing answers there.
        inventory.addServer(new Server(Server.NEW, "gone-1", "198.19.255.254", 22, "root", AuthKind.PASSWORD, null, false),
                new ServerSecrets("x".toCharArray(), null));
        inventory.setLimit("lab-1", LimitEntry.of(8443, LimitMode.CONNECTIONS, 3));
        window.showServers("lab-1");

        // First contact: the fingerprint is shown and must be accepted.
        robot.clickOn("Server").clickOn("Test connection");
        WindowFixture.waitFor(robot, ".dialog-pane", Node::isVisible);
        String shown = robot.lookup(".fingerprints").queryTextInputControl().getText();
        assertTrue(shown.contains(server.sshd().fingerprints().get(0)), shown);
        robot.clickOn("Trust");
        WindowFixture.waitUntil(() -> !inventory.knownHostKeys(server.vps().ipv4(), 22).isEmpty());

        robot.clickOn("#syncAllButton");
        TableView<SyncRow> results = robot.lookup(".sync-table").queryTableView();
        WindowFixture.waitUntil(() -> results.getItems().size() == 2
                && results.getItems().stream().allMatch(r -> r.resultProperty().get() != null));
        SyncRow ok = row(results.getItems(), "lab-1");
        SyncRow failed = row(results.getItems(), "gone-1");
        assertTrue(!ok.failed(), () -> "lab-1: " + ok.resultProperty().get());
        assertTrue(failed.failed());
        assertTrue(robot.lookup(".retry-button").tryQuery().isPresent(), "a retry for the failed server");
        assertTrue(server.vps().readFile("/etc/portcullis/limits.conf").contains("8443"), "installed on the server");
        assertEquals(SyncState.IN_SYNC, WindowFixture.onFx(() -> window.shell.servers().byName("lab-1").orElseThrow()
                .stateProperty().get()));
        assertEquals(SyncState.UNREACHABLE, WindowFixture.onFx(() -> window.shell.servers().byName("gone-1").orElseThrow()
                .stateProperty().get()));

        // Plan the synced server: nothing to change.
        WindowFixture.onFx(() -> {
            window.shell.servers().byName("lab-1").ifPresent(window.shell.servers().selectedProperty()::set);
            return null;
        });
        WindowFixture.waitUntil(() -> !robot.lookup("#planButton").query().isDisabled());
        robot.clickOn("#planButton");
        WindowFixture.waitUntil(() -> results.getItems().size() == 1 && results.getItems().get(0).resultProperty().get() != null);
        assertTrue(results.getItems().get(0).resultProperty().get().changes().isEmpty(), "in sync after the sync");

        // Live: three real connections from a client namespace show up in the table and the summary;
        // the fourth is over the limit of 3, refused by the kernel, and counted from the rule's counter.
        server.vps().host().startEchoServer(8443);
        LabClient client = server.lab().host("cli").client();
        for (int i = 0; i < 3; i++) {
            assertTrue(client.tcp(server.vps().ipv4(), 8443).ok());
        }
        assertEquals(LabClient.Outcome.REFUSED, client.tcp(server.vps().ipv4(), 8443).outcome());
        robot.clickOn("#liveTab");
        TableView<ConnectionRow> live = robot.lookup(".connections-table").queryTableView();
        WindowFixture.waitUntil(() -> live.getItems().stream()
                .filter(r -> r.port() == 8443 && "ESTABLISHED".equals(r.stateProperty().get())).count() >= 3);
        TableView<PortSummary> ports = robot.lookup(".ports-table").queryTableView();
        WindowFixture.waitUntil(() -> ports.getItems().stream().anyMatch(p -> p.port() == 8443 && p.connections() >= 3));
        WindowFixture.waitUntil(() -> ports.getItems().stream().anyMatch(p -> p.port() == 8443 && p.refused() >= 1));
        PortSummary summary = ports.getItems().stream().filter(p -> p.port() == 8443).findFirst().orElseThrow();
        assertEquals(1, summary.refused(), "one attempt over the limit: the refused column shows the kernel's count");

        // The server is reinstalled (or impersonated): a red warning, and "keep it blocked" records nothing.
        robot.clickOn("#limitsTab");
        var before = inventory.knownHostKeys(server.vps().ipv4(), 22);
        server.sshd().rotateHostKeys();
        robot.clickOn("Server").clickOn("Test connection");
        WindowFixture.waitFor(robot, ".hostkey-danger", Node::isVisible);
        robot.clickOn("Keep it blocked");
        assertEquals(before, inventory.knownHostKeys(server.vps().ipv4(), 22), "nothing recorded");
        assertEquals(SyncState.FAILED, WindowFixture.onFx(() -> window.shell.servers().byName("lab-1").orElseThrow()
                .stateProperty().get()));
    }

    private static SyncRow row(List<SyncRow> rows, String name) {
        return rows.stream().filter(r -> r.server().equals(name)).findFirst().orElseThrow();
    }
}
