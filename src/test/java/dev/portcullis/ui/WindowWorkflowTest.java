package dev.portcullis.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.model.AuthKind;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Server;
import dev.portcullis.rules.ScriptGenerator;
import dev.portcullis.ui.servers.SyncState;
import dev.portcullis.ui.settings.Appearance;
import dev.portcullis.ui.settings.Desktop;
import dev.portcullis.ui.settings.UiFonts;
import java.nio.charset.StandardCharsets;
import dev.portcullis.ui.settings.LanguageChoice;
import dev.portcullis.ui.settings.UiSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javafx.geometry.NodeOrientation;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Labeled;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Font;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** Drives the real window against a real H2 store in a temp directory, as a user would. */
class WindowWorkflowTest {

    @RegisterExtension
    final WindowFixture window = new WindowFixture();

    @Test
    void addsAServerWithTheFormValidatedAsYouType(FxRobot robot) {
        window.createPassword(robot);
        robot.clickOn("#addServerButton");
        WindowFixture.waitFor(robot, "#nameField", Node::isVisible);
        Button save = robot.lookup("#saveServerButton").queryButton();

        robot.clickOn("#nameField").write("fra-1");
        robot.clickOn("#hostField").write("300.1.1.1");
        robot.clickOn("#keyField").write("/home/op/.ssh/id_ed25519");
        WindowFixture.waitUntil(save::isDisabled);

        robot.doubleClickOn("#hostField").eraseText(12).write("198.18.0.10");
        WindowFixture.waitUntil(() -> !save.isDisabled());
        robot.clickOn(save);

        WindowFixture.waitUntil(() -> window.shell.context().inventory().servers().size() == 1);
        Server stored = window.shell.context().inventory().servers().get(0);
        assertEquals("fra-1", stored.name());
        assertEquals("198.18.0.10", stored.host());
        assertEquals(AuthKind.KEY_FILE, stored.auth());
        TableView<?> list = robot.lookup(".servers-table").queryTableView();
        WindowFixture.waitUntil(() -> list.getItems().size() == 1);
        assertEquals("1 server", robot.lookup("#countLabel").queryLabeled().getText());
    }

    @Test
    void enterInTheAddRowAddsAndTheStatusShowsThePortAsTyped(FxRobot robot) {
        Button add = limitsOfANewServer(robot);
        robot.clickOn("#newPort").write("5901");
        robot.clickOn("#newMax").write("3");
        WindowFixture.waitUntil(() -> !add.isDisabled());
        robot.type(KeyCode.ENTER);
        WindowFixture.waitUntil(() -> window.shell.context().inventory().limits("fra-1").size() == 1);
        assertEquals(5901, window.shell.context().inventory().limits("fra-1").get(0).port());
        Labeled status = robot.lookup("#statusLabel").queryLabeled();
        WindowFixture.waitUntil(() -> !status.getText().isEmpty());
        assertEquals("Saved the limit on port 5901 of fra-1.", status.getText());
    }

    @Test
    void masksAreShownAndEditableOnlyForConnectionsPerIp(FxRobot robot) {
        window.createPassword(robot);
        storeServer("fra-1");
        var inventory = window.shell.context().inventory();
        inventory.setLimit("fra-1", LimitEntry.of(443, LimitMode.DEVICES, 2));
        inventory.setLimit("fra-1", LimitEntry.of(8443, LimitMode.CONNECTIONS_PER_IP, 2));
        inventory.setLimit("fra-1", LimitEntry.of(9443, LimitMode.CONNECTIONS, 2));
        selectFirstServer(robot);
        TableView<?> table = robot.lookup(".limits-table").queryTableView();
        WindowFixture.waitUntil(() -> table.getItems().size() == 3);
        for (String column : List.of("v4Column", "v6Column")) {
            Map<Integer, TableCell<?, ?>> cells = limitCells(robot, column);
            assertEquals(Set.of(443, 8443, 9443), cells.keySet(), column);
            assertEquals("", cells.get(443).getText(), "devices ignores the mask");
            assertEquals("", cells.get(9443).getText(), "connections ignores the mask");
            assertEquals(column.equals("v4Column") ? "32" : "64", cells.get(8443).getText());

            robot.doubleClickOn(cells.get(443));
            WaitForAsyncUtils.waitForFxEvents();
            assertFalse(cells.get(443).isEditing(), "no editor where the value means nothing");
            robot.doubleClickOn(cells.get(8443));
            WindowFixture.waitUntil(() -> cells.get(8443).isEditing());
            robot.type(KeyCode.ESCAPE);
        }
    }

    @Test
    void theServersListAndThePerPortSummaryShowWholeTextsAtTheDefaultSize(FxRobot robot) throws Exception {
        window.createPassword(robot);
        storeServer("fra-1");
        storeServer("fra-2");
        var inventory = window.shell.context().inventory();
        inventory.recordSync(inventory.server("fra-2"), "ok");
        inventory.setLimit("fra-1", LimitEntry.of(5901, LimitMode.CONNECTIONS_PER_IP, 3).withLabel("alice"));
        inventory.setLimit("fra-1", LimitEntry.of(8443, LimitMode.DEVICES, 2));
        inventory.setLimit("fra-1", LimitEntry.of(65535, LimitMode.CONNECTIONS, 10_000));
        window.restart(); // the list as a new start shows it: sync states and times from the store
        WindowFixture.waitFor(robot, "#passwordField", Node::isVisible);
        robot.clickOn("#passwordField").write(WindowFixture.PASSWORD);
        robot.clickOn("#unlockButton");
        window.waitForMain(robot);
        assertEquals(DesktopShell.DEFAULT_WIDTH, window.stage().getWidth(), 0.5, "the default window");
        TableView<?> list = robot.lookup(".servers-table").queryTableView();
        WindowFixture.waitUntil(() -> list.getItems().size() == 2);
        assertEquals(Set.of("never synced", "in sync"), cells(robot, "stateColumn", ".servers-table").values().stream()
                .map(TableCell::getText).collect(Collectors.toSet()));
        assertEquals(List.of(), WindowFixture.clippedTexts(list));
        // The limits of a server, every mode shown: whole column headers and values.
        robot.clickOn(robot.lookup(".servers-table .table-row-cell").nth(0).queryAs(Node.class));
        TableView<?> limits = robot.lookup(".limits-table").queryTableView();
        WindowFixture.waitUntil(() -> limits.getItems().size() == 3);
        assertEquals(List.of(), WindowFixture.clippedTexts(limits));
        TabPane tabs = robot.lookup(".tab-pane").queryAs(TabPane.class);
        WindowFixture.onFx(() -> {
            tabs.getSelectionModel().select(tabs.getTabs().stream().filter(t -> "liveTab".equals(t.getId())).findFirst().orElseThrow());
            return null;
        });
        WindowFixture.waitFor(robot, ".ports-table", Node::isVisible);
        assertEquals(List.of(), WindowFixture.clippedTexts(robot.lookup(".ports-table").query()));
    }

    /** The cells of one column of the limits table, by the port of their row. */
    private static Map<Integer, TableCell<?, ?>> limitCells(FxRobot robot, String columnId) {
        Map<Integer, TableCell<?, ?>> byPort = new TreeMap<>();
        cells(robot, columnId, ".limits-table").forEach((row, cell) -> byPort.put(((LimitEntry) row).port(), cell));
        return byPort;
    }

    /** The cells of one column of a table, by the item of their row. */
    private static Map<Object, TableCell<?, ?>> cells(FxRobot robot, String columnId, String table) {
        return WindowFixture.onFx(() -> {
            Map<Object, TableCell<?, ?>> cells = new LinkedHashMap<>();
            for (Node n : robot.lookup(table + " .table-cell").queryAll()) {
                TableCell<?, ?> cell = (TableCell<?, ?>) n;
                if (cell.getTableColumn() != null && columnId.equals(cell.getTableColumn().getId())
                        && cell.getTableRow() != null && cell.getTableRow().getItem() != null) {
                    cells.put(cell.getTableRow().getItem(), cell);
                }
            }
            return cells;
        });
    }

    @Test
    void addsLimitsAndRefusesBadInputWithoutSavingIt(FxRobot robot) throws Exception {
        Button add = limitsOfANewServer(robot);

        robot.clickOn("#newPort").write("abc");
        robot.clickOn("#newMax").write("3");
        WindowFixture.waitUntil(add::isDisabled);
        robot.doubleClickOn("#newPort").eraseText(3).write("70000");
        WindowFixture.waitUntil(add::isDisabled);
        robot.doubleClickOn("#newPort").eraseText(5).write("443");
        WindowFixture.waitUntil(() -> !add.isDisabled());
        robot.clickOn(add);
        WindowFixture.waitUntil(() -> window.shell.context().inventory().limits("fra-1").size() == 1);
        LimitEntry entry = window.shell.context().inventory().limits("fra-1").get(0);
        assertEquals(443, entry.port());
        assertEquals(3, entry.max());
        assertEquals(LimitMode.DEVICES, entry.mode());

        // The same port again clashes: refused before anything is stored.
        robot.clickOn("#newPort").write("443");
        WindowFixture.waitUntil(add::isDisabled);
        robot.doubleClickOn("#newPort").eraseText(3);

        // A bad max typed into the table stays in the cell, marked, and is never stored.
        TableView<?> table = robot.lookup(".limits-table").queryTableView();
        WindowFixture.waitUntil(() -> table.getItems().size() == 1);
        Node maxCell = robot.lookup(".limits-table .validating-cell").nth(0).query();
        robot.doubleClickOn(maxCell);
        robot.write("0");
        robot.type(KeyCode.ENTER);
        WindowFixture.waitFor(robot, ".limits-table .cell-invalid", Node::isVisible);
        assertFalse(robot.lookup("#problemLabel").queryLabeled().getText().isEmpty(), "the reason is shown");
        robot.type(KeyCode.ESCAPE);
        WindowFixture.waitUntil(() -> table.getEditingCell() == null);
        assertEquals(3, window.shell.context().inventory().limits("fra-1").get(0).max());

        // A good one is stored.
        robot.doubleClickOn(maxCell);
        WindowFixture.waitUntil(() -> table.getEditingCell() != null);
        robot.write("5");
        robot.type(KeyCode.ENTER);
        WindowFixture.waitUntil(() -> window.shell.context().inventory().limits("fra-1").get(0).max() == 5);
    }

    @Test
    void showsEachServersLastRecordedSyncAfterARestart(FxRobot robot) throws Exception {
        window.createPassword(robot);
        storeServer("fra-1");
        storeServer("fra-2");
        storeServer("fra-3");
        var inventory = window.shell.context().inventory();
        inventory.recordSync(inventory.server("fra-1"), "ok");
        inventory.recordSync(inventory.server("fra-2"), "failed");

        // Quit and start again on the same data directory: the list comes from the store alone.
        window.restart();
        WindowFixture.waitFor(robot, "#passwordField", Node::isVisible);
        robot.clickOn("#passwordField").write(WindowFixture.PASSWORD);
        robot.clickOn("#unlockButton");
        window.waitForMain(robot);
        TableView<?> list = robot.lookup(".servers-table").queryTableView();
        WindowFixture.waitUntil(() -> list.getItems().size() == 3);
        assertEquals(List.of(SyncState.IN_SYNC, SyncState.FAILED, SyncState.NEVER_SYNCED), WindowFixture.onFx(() ->
                window.shell.servers().rows().stream().map(r -> r.stateProperty().get()).toList()));
        assertTrue(WindowFixture.onFx(() -> window.shell.servers().byName("fra-1").orElseThrow()
                .lastSyncProperty().get() != null), "the time of the last sync");
        // What the list shows: the states' own texts, one row each.
        List<String> shown = robot.lookup(".servers-table .table-row-cell").queryAll().stream()
                .map(n -> (javafx.scene.control.TableRow<?>) n).filter(r -> r.getItem() != null)
                .sorted(java.util.Comparator.comparingInt(javafx.scene.control.TableRow::getIndex))
                .map(r -> r.lookupAll(".table-cell").stream().map(c -> (javafx.scene.control.TableCell<?, ?>) c)
                        .filter(c -> "stateColumn".equals(c.getTableColumn().getId())).findFirst().orElseThrow().getText())
                .toList();
        assertEquals(List.of("in sync", "failed", "never synced"), shown);
    }

    @Test
    void exportsTheScriptOfTheSelectedServer(FxRobot robot) throws Exception {
        window.createPassword(robot);
        storeServer("fra-1");
        window.shell.context().inventory().setLimit("fra-1", LimitEntry.of(8443, LimitMode.DEVICES, 2));
        selectFirstServer(robot);
        Path target = window.dataDir.resolve("export").resolve("portcullis-limits.sh");
        Files.createDirectories(target.getParent());
        window.saveAnswer.set(target.toFile());

        robot.clickOn("#exportButton");
        WindowFixture.waitUntil(() -> Files.isRegularFile(target) && Files.size(target) > 0);
        String script = Files.readString(target);
        assertTrue(script.startsWith("#!"), "a script");
        assertTrue(script.contains("8443"), "with the server's limit embedded");
        assertTrue(Files.isExecutable(target));
        byte[] expected = new ScriptGenerator().generate("fra-1", List.of(LimitEntry.of(8443, LimitMode.DEVICES, 2)))
                .getBytes(StandardCharsets.UTF_8);
        WindowFixture.waitUntil(() -> Files.size(target) >= expected.length);
        assertArrayEquals(expected, Files.readAllBytes(target), "byte for byte: UTF-8, LF on every system");
    }

    @Test
    void switchesToPersianWithARightToLeftLayout(FxRobot robot) {
        window.createPassword(robot);
        robot.clickOn("View").clickOn("#languageMenu").clickOn("فارسی");
        WindowFixture.waitUntil(() -> window.shell.window().getScene().getRoot().getNodeOrientation()
                == NodeOrientation.RIGHT_TO_LEFT);
        Labeled addServer = robot.lookup("#addServerButton").queryLabeled();
        assertEquals("افزودن سرور…", addServer.getText());
        String persianFont = UiFonts.rootStyle(Desktop.current(), Locale.forLanguageTag("fa"), Font.getFamilies());
        assertEquals(persianFont, window.shell.window().getScene().getRoot().getStyle(), "the window uses the Persian font");
        // The choice is remembered for the next start.
        WindowFixture.waitUntil(() -> UiSettings.load(window.dataDir).language() == LanguageChoice.PERSIAN);
        // Back to English: left to right again, English texts.
        robot.clickOn("نما").clickOn("#languageMenu").clickOn("English");
        WindowFixture.waitUntil(() -> window.shell.window().getScene().getRoot().getNodeOrientation()
                == NodeOrientation.LEFT_TO_RIGHT);
        assertEquals("Add server…", robot.lookup("#addServerButton").queryLabeled().getText());
    }

    @Test
    void anImportFromAnUnreachableServerIsOneTranslatedLineInTheStatusBar(FxRobot robot) {
        window.createPassword(robot);
        window.shell.context().inventory().addServer(
                new Server(Server.NEW, "fra-9", "127.0.0.1", 1, "root", AuthKind.KEY_FILE, "/home/op/.ssh/id_ed25519", false),
                dev.portcullis.store.ServerSecrets.NONE);
        robot.clickOn("View").clickOn("#languageMenu").clickOn("简体中文");
        selectFirstServer(robot);
        robot.clickOn("服务器").clickOn(Appearance.bundle(Locale.SIMPLIFIED_CHINESE).getString("action.importPanel"));
        Labeled error = robot.lookup("#errorLabel").queryLabeled();
        WindowFixture.waitUntil(() -> !error.getText().isEmpty());
        assertTrue(error.getText().startsWith("无法读取 fra-9 的面板：无法连接服务器，或其上的命令失败。"), error.getText());
        assertTrue(error.getText().contains("127.0.0.1:1"), "the SSH failure follows: " + error.getText());
        assertFalse(error.getText().contains("cannot read the panel"), "said once, not converted again: " + error.getText());
    }

    @Test
    void aWrongMasterPasswordIsSaidAndTheNextTryUnlocks(FxRobot robot) throws Exception {
        window.createPassword(robot);
        window.restart();
        WindowFixture.waitFor(robot, "#passwordField", Node::isVisible);
        robot.clickOn("#passwordField").write("not the master password");
        robot.clickOn("#unlockButton");
        Labeled error = robot.lookup("#errorLabel").queryLabeled();
        WindowFixture.waitUntil(() -> error.isVisible() && "Wrong master password. Try again.".equals(error.getText()));
        WindowFixture.waitFor(robot, "#passwordField", n -> !n.isDisabled());
        assertFalse(robot.lookup("#retryButton").query().isVisible(), "a wrong password is simply tried again");
        robot.clickOn("#passwordField").write(WindowFixture.PASSWORD);
        robot.clickOn("#unlockButton");
        window.waitForMain(robot);
    }

    @Test
    void aRefusedValueIsExplainedInTheWindowsLanguageNamingTheValue(FxRobot robot) {
        window.createPassword(robot);
        storeServer("fra-1");
        window.shell.context().inventory().setLimit("fra-1", LimitEntry.of(443, LimitMode.DEVICES, 3));
        robot.clickOn("View").clickOn("#languageMenu").clickOn("فارسی");
        WindowFixture.waitUntil(() -> window.shell.window().getScene().getRoot().getNodeOrientation()
                == NodeOrientation.RIGHT_TO_LEFT);
        assertEquals("حداکثر «20000»: عددی از ۱ تا ۱۰۰۰۰.", refusedMax(robot, "20000"));
        robot.clickOn("نما").clickOn("#languageMenu").clickOn("简体中文");
        WindowFixture.waitUntil(() -> window.shell.window().getScene().getRoot().getNodeOrientation()
                == NodeOrientation.LEFT_TO_RIGHT);
        assertEquals("上限“20000”：1 到 10000 之间的数字。", refusedMax(robot, "20000"));
        assertEquals(3, window.shell.context().inventory().limits("fra-1").get(0).max(), "nothing refused was stored");
    }

    /** Types a max into the table's first row; returns the reason shown under the table. */
    private String refusedMax(FxRobot robot, String max) {
        selectFirstServer(robot);
        TableView<?> table = robot.lookup(".limits-table").queryTableView();
        WindowFixture.waitUntil(() -> table.getItems().size() == 1);
        TableCell<?, ?> maxCell = limitCells(robot, "maxColumn").get(443);
        robot.doubleClickOn(maxCell);
        WindowFixture.waitUntil(maxCell::isEditing);
        robot.write(max);
        robot.type(KeyCode.ENTER);
        WindowFixture.waitFor(robot, ".limits-table .cell-invalid", Node::isVisible);
        Labeled problem = robot.lookup("#problemLabel").queryLabeled();
        WindowFixture.waitUntil(() -> !problem.getText().isEmpty());
        String text = problem.getText();
        robot.type(KeyCode.ESCAPE);
        return text;
    }

    /** A first start, server fra-1 stored and selected: its limits tab, whose add button is returned. */
    private Button limitsOfANewServer(FxRobot robot) {
        window.createPassword(robot);
        storeServer("fra-1");
        selectFirstServer(robot);
        return robot.lookup("#addLimitButton").queryButton();
    }

    private void storeServer(String name) {
        window.shell.context().inventory().addServer(
                new Server(Server.NEW, name, "198.18.0.10", 22, "root", AuthKind.KEY_FILE, "/home/op/.ssh/id_ed25519", false),
                dev.portcullis.store.ServerSecrets.NONE);
    }

    private void selectFirstServer(FxRobot robot) {
        WindowFixture.onFx(() -> {
            window.shell.context();
            return null;
        });
        // Reload through the window (as after a change) and pick the row.
        TableView<?> list = robot.lookup(".servers-table").queryTableView();
        WindowFixture.onFx(() -> {
            List<Server> servers = window.shell.context().inventory().servers();
            window.shell.servers().replaceAll(servers);
            return null;
        });
        WindowFixture.waitUntil(() -> list.getItems().size() == 1);
        // The row exists once the table has laid out its new items (a pulse later); empty rows come first.
        WindowFixture.waitUntil(() -> serverRow(robot).isPresent());
        robot.clickOn(serverRow(robot).orElseThrow());
        WindowFixture.waitUntil(() -> window.shell.servers().selected().isPresent());
    }

    private static java.util.Optional<Node> serverRow(FxRobot robot) {
        return robot.lookup(".servers-table .table-row-cell").queryAll().stream()
                .filter(n -> n instanceof javafx.scene.control.TableRow<?> row && row.getItem() != null)
                .findFirst();
    }
}
