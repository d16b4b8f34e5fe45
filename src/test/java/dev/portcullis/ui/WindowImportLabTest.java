package dev.portcullis.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.importer.ChangeKind;
import dev.portcullis.importer.Fixtures;
import dev.portcullis.importer.PlannedChange;
import dev.portcullis.lab.LabVps;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;

/**
 * "Import from panel…" in the window against a real server: sshd in a lab namespace holding a
 * 3x-ui database and an Xray config (root-only files). The review shows what saving would do,
 * saving stores the entries and the limits table shows them, and a damaged database is one line.
 */
class WindowImportLabTest {

    private static final String DB = "/etc/x-ui/x-ui.db";
    private static final String XRAY = "/usr/local/etc/xray/config.json";

    @RegisterExtension
    static final WindowLabServer server = new WindowLabServer("imp", "root pass 2");
    @RegisterExtension
    final WindowFixture window = new WindowFixture();

    @BeforeAll
    static void startServer() {
        Fixtures.assumeSqlite3();
        LabVps vps = server.vps();
        // The overlays make these files the server's own; the host's stay as they are.
        Fixtures.installPanel(vps, DB, XRAY);
    }

    @Test
    void reviewsThenSavesThePanelsInboundsAsLimits(FxRobot robot) {
        window.createPassword(robot);
        var inventory = window.shell.context().inventory();
        server.addAsRoot(inventory, "panel-1");
        // An entry the operator tuned by hand, and one no inbound uses.
        inventory.setLimit("panel-1", LimitEntry.of(2053, LimitMode.CONNECTIONS, 20).withObserve(true));
        inventory.setLimit("panel-1", LimitEntry.of(7777, LimitMode.CONNECTIONS, 5));
        window.showServers("panel-1");
        TableView<?> limits = robot.lookup(".limits-table").queryTableView();
        WindowFixture.waitUntil(() -> limits.getItems().size() == 2);

        robot.clickOn("Server").clickOn("Test connection");
        WindowFixture.waitFor(robot, ".fingerprints", Node::isVisible);
        robot.clickOn("Trust");
        WindowFixture.waitUntil(() -> !inventory.knownHostKeys(server.vps().ipv4(), 22).isEmpty());

        robot.clickOn("Server").clickOn("Import from panel…");
        WindowFixture.waitFor(robot, ".import-table", Node::isVisible);
        TableView<PlannedChange> review = robot.lookup(".import-table").queryTableView();
        assertEquals(10, review.getItems().size(), "none for the loopback inbounds 8880, 2083, 8002");
        assertEquals(2, review.getItems().stream().filter(c -> c.result().isAccount()).count(),
                "an account entry for each client with a limitIp on the shared inbound");
        assertEquals(9, review.getItems().stream().filter(c -> c.kind() == ChangeKind.NEW).count());
        PlannedChange tuned = review.getItems().stream().filter(c -> c.result().port() == 2053).findFirst().orElseThrow();
        assertEquals(ChangeKind.UPDATED, tuned.kind());
        assertEquals("9 new, 1 updated, 0 unchanged, 0 conflicts, 1 disappeared",
                robot.lookup(".import-summary").queryLabeled().getText());
        assertTrue(robot.lookup(".import-disappeared").queryLabeled().getText().contains("7777/tcp"));
        assertTrue(robot.lookup(".import-sources").queryLabeled().getText().contains(DB));
        assertEquals(2, inventory.limits("panel-1").size(), "nothing saved before the review is accepted");

        assertEquals("Save 10 changes", robot.lookup("#saveImportButton").queryButton().getText());
        robot.clickOn("#saveImportButton");
        WindowFixture.waitUntil(() -> inventory.limits("panel-1").size() == 11);
        WindowFixture.waitUntil(() -> limits.getItems().size() == 11);
        LimitEntry front = inventory.limits("panel-1").stream().filter(e -> e.port() == 2053).findFirst().orElseThrow();
        assertEquals("front", front.label(), "the panel's label");
        assertEquals(LimitMode.CONNECTIONS, front.mode(), "the operator's mode stays");
        assertTrue(front.observe(), "and so does observe");

        // A damaged database: one line in the status bar, nothing saved.
        List<LimitEntry> before = inventory.limits("panel-1");
        server.vps().writeFile(DB, "not a database ".repeat(500));
        robot.clickOn("Server").clickOn("Import from panel…");
        WindowFixture.waitFor(robot, ".status-error", n -> !((javafx.scene.control.Labeled) n).getText().isEmpty());
        String error = robot.lookup(".status-error").queryLabeled().getText();
        // One line: what failed, by its kind, in the window's language, then the server's detail.
        assertTrue(error.startsWith("Cannot import from panel-1: a panel database or config cannot be read.")
                && error.contains("cannot read x-ui database " + DB), error);
        assertFalse(error.contains("\n"), error);
        assertFalse(robot.lookup(".import-table").tryQuery().isPresent(), "no review for a failed read");
        assertEquals(before, inventory.limits("panel-1"));
    }
}
