package dev.portcullis.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.model.AuthKind;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Network;
import dev.portcullis.model.Protocol;
import dev.portcullis.model.Server;
import dev.portcullis.model.ServerSettings;
import dev.portcullis.rules.LimitsConf;
import dev.portcullis.store.Inventory;
import dev.portcullis.store.ServerSecrets;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;

/**
 * Account entries on a shared port and the server's settings for them, driven through the real
 * window against a real H2 store: what the window shows and refuses is what the store holds.
 */
@SuppressWarnings("unchecked")
class WindowAccountsTest {

    @RegisterExtension
    final WindowFixture window = new WindowFixture();

    @Test
    void anAccountEntryAddedInTheWindowIsStoredAsDevicesAndRendersWithItsAccount(FxRobot robot) {
        Button add = limitsOfANewServer(robot);
        inventory().setLimit("fra-1", LimitEntry.of(443, LimitMode.CONNECTIONS, 500));
        selectServer(robot);
        ComboBox<?> mode = robot.lookup("#newMode").queryComboBox();
        WindowFixture.onFx(() -> {
            ((ComboBox<LimitMode>) mode).setValue(LimitMode.CONNECTIONS);
            return null;
        });

        TableView<?> table = robot.lookup(".limits-table").queryTableView();
        WindowFixture.waitUntil(() -> table.getItems().size() == 1);
        javafx.scene.control.TableColumn<?, ?> accountColumn = table.getColumns().stream()
                .filter(c -> "accountColumn".equals(c.getId())).findFirst().orElseThrow();
        assertFalse(accountColumn.isVisible(), "no account column while the server has no account entries");

        robot.clickOn("#newPort").write("443");
        robot.clickOn("#newAccount").write("alice@x");
        WindowFixture.waitUntil(() -> mode.isDisabled() && mode.getValue() == LimitMode.DEVICES);
        assertTrue(robot.lookup("#modeHint").queryLabeled().getText().contains("CGNAT"),
                "the shared-address caveat is said for an account entry");
        robot.clickOn("#newMax").write("2");
        WindowFixture.waitUntil(() -> !add.isDisabled());
        robot.clickOn(add);

        WindowFixture.waitUntil(() -> inventory().limits("fra-1").size() == 2);
        LimitEntry stored = inventory().limits("fra-1").stream().filter(LimitEntry::isAccount).findFirst().orElseThrow();
        assertEquals(new LimitEntry(443, Protocol.TCP, LimitMode.DEVICES, 2, 32, 64, "", false, true,
                LimitEntry.DEFAULT_IDLE_SECONDS, "alice@x"), stored);
        String conf = LimitsConf.render(inventory().settings("fra-1"), inventory().limits("fra-1"));
        assertTrue(conf.contains("port=443 proto=tcp mode=devices max=2 v4mask=32 v6prefix=64 observe=0 enabled=1 idle="
                + LimitEntry.DEFAULT_IDLE_SECONDS + " label= account=alice%40x\n"), conf);
        assertFalse(mode.isDisabled(), "the account field was cleared: the mode is free again");

        // The table shows the account; its row carries the caveat.
        WindowFixture.waitUntil(() -> table.getItems().size() == 2 && accountColumn.isVisible());
        TableRow<?> row = robot.lookup(".limits-table .account-entry").queryAs(TableRow.class);
        assertTrue(row.getTooltip().getText().contains("alice@x") && row.getTooltip().getText().contains("CGNAT"),
                row.getTooltip().getText());
        assertEquals("alice@x", accountColumn.getCellData(row.getIndex()));
        assertEquals("", accountColumn.getCellData(0), "a port entry has no account");
        double columns = WindowFixture.onFx(() -> table.getVisibleLeafColumns().stream()
                .mapToDouble(javafx.scene.control.TableColumn::getWidth).sum());
        assertTrue(columns <= table.getWidth(), "every column within the table: " + columns + " of " + table.getWidth());
        assertEquals(List.of(), WindowFixture.clippedTexts(table), "a shared port's entries fit the default window whole");

        // The same account on the same port again is refused, said as such; another account is fine.
        robot.clickOn("#newPort").write("443");
        robot.clickOn("#newAccount").write("alice@x");
        WindowFixture.waitUntil(add::isDisabled);
        Labeled problem = robot.lookup("#problemLabel").queryLabeled();
        WindowFixture.waitUntil(() -> problem.getText().equals("Account alice@x already has a limit on port 443/tcp of this server."));
        robot.clickOn("#newMax").write("1");
        WindowFixture.onFx(() -> {
            robot.lookup("#newAccount").queryAs(TextField.class).clear();
            return null;
        });
        robot.clickOn("#newAccount").write("bob@x");
        WindowFixture.waitUntil(() -> !add.isDisabled());
        robot.clickOn(add);
        WindowFixture.waitUntil(() -> inventory().limits("fra-1").size() == 3);

        // Removing alice's entry leaves the port entry and bob's.
        WindowFixture.onFx(() -> {
            ((TableView<LimitEntry>) table).getSelectionModel().select(stored);
            return null;
        });
        robot.clickOn("#removeButton");
        WindowFixture.waitUntil(() -> inventory().limits("fra-1").size() == 2);
        assertEquals(List.of("", "bob@x"), inventory().limits("fra-1").stream().map(LimitEntry::account).toList());
    }

    @Test
    void aBadAccountIsExplainedAndNothingIsStored(FxRobot robot) {
        Button add = limitsOfANewServer(robot);
        robot.clickOn("#newPort").write("443");
        robot.clickOn("#newMax").write("2");
        WindowFixture.waitUntil(() -> !add.isDisabled());
        String tooLong = "a".repeat(129);
        TextField account = robot.lookup("#newAccount").queryAs(TextField.class);
        WindowFixture.onFx(() -> {
            account.setText(tooLong);
            return null;
        });
        WindowFixture.waitUntil(add::isDisabled);
        Labeled problem = robot.lookup("#problemLabel").queryLabeled();
        WindowFixture.waitUntil(() -> !problem.getText().isEmpty());
        assertEquals("Account '" + tooLong + "': the client's e-mail as the proxy logs it, 1 to 128 printable characters.",
                problem.getText());
        // Enter adds only what the row allows: nothing.
        robot.clickOn("#newAccount").type(javafx.scene.input.KeyCode.ENTER);
        robot.clickOn(add);
        assertTrue(inventory().limits("fra-1").isEmpty(), "nothing stored");

        // Fixed, the reason goes and the entry is stored.
        WindowFixture.onFx(() -> {
            account.setText("alice@x");
            return null;
        });
        WindowFixture.waitUntil(() -> problem.getText().isEmpty() && !add.isDisabled());
        robot.clickOn(add);
        WindowFixture.waitUntil(() -> inventory().limits("fra-1").size() == 1);
        assertEquals("alice@x", inventory().limits("fra-1").get(0).account());
    }

    @Test
    void theAllowlistAndTheAccessLogRoundTripThroughTheStore(FxRobot robot) {
        window.createPassword(robot);
        storeServer("fra-1");
        selectServer(robot);
        showTab("settingsTab");
        Button allow = robot.lookup("#allowButton").queryButton();
        ListView<?> list = robot.lookup(".allowed-list").queryAs(ListView.class);

        // A bad network: explained inline, the button stays off, nothing stored.
        robot.clickOn("#newNetwork").write("198.51.100.300/24");
        WindowFixture.waitUntil(allow::isDisabled);
        Labeled problem = robot.lookup("#settingsProblem").queryLabeled();
        WindowFixture.waitUntil(() -> problem.getText().startsWith("Network '198.51.100.300/24'"));
        robot.type(javafx.scene.input.KeyCode.ENTER);
        assertEquals(ServerSettings.NONE, inventory().settings("fra-1"));

        // Host bits are cleared: the canonical network is stored and shown.
        robot.doubleClickOn("#newNetwork").eraseText(17).write("198.51.100.7/24");
        WindowFixture.waitUntil(() -> !allow.isDisabled());
        robot.clickOn(allow);
        robot.clickOn("#newNetwork").write("2001:DB8:0:0::1/48");
        robot.type(javafx.scene.input.KeyCode.ENTER);
        WindowFixture.waitUntil(() -> inventory().settings("fra-1").allowed().size() == 2);
        assertEquals(List.of(Network.parse("198.51.100.0/24"), Network.parse("2001:db8::/48")),
                inventory().settings("fra-1").allowed());
        WindowFixture.waitUntil(() -> list.getItems().size() == 2);
        assertEquals(List.of("198.51.100.0/24", "2001:db8::/48"), WindowFixture.onFx(() -> robot
                .lookup(".allowed-list .list-cell").queryAll().stream().map(n -> ((Labeled) n).getText())
                .filter(t -> t != null && !t.isEmpty()).toList()));

        // The access log: a relative path is refused, an absolute one stored, emptied again.
        Button save = robot.lookup("#saveAccessLogButton").queryButton();
        robot.clickOn("#accessLogField").write("access.log");
        WindowFixture.waitUntil(save::isDisabled);
        WindowFixture.waitUntil(() -> problem.getText().startsWith("Access log 'access.log'"));
        robot.doubleClickOn("#accessLogField").eraseText(10).write("/var/log/xray/access.log");
        WindowFixture.waitUntil(() -> !save.isDisabled());
        robot.clickOn(save);
        WindowFixture.waitUntil(() -> inventory().settings("fra-1").accessLog().equals("/var/log/xray/access.log"));
        WindowFixture.waitUntil(save::isDisabled); // nothing left to save

        // Removing a network takes it out of the store.
        robot.clickOn(robot.lookup(".allowed-list .list-cell").nth(0).queryAs(Node.class));
        robot.clickOn("#disallowButton");
        WindowFixture.waitUntil(() -> inventory().settings("fra-1").allowed().size() == 1);
        assertEquals(List.of(Network.parse("2001:db8::/48")), inventory().settings("fra-1").allowed());
        String conf = LimitsConf.render(inventory().settings("fra-1"), inventory().limits("fra-1"));
        assertTrue(conf.endsWith("access-log=%2Fvar%2Flog%2Fxray%2Faccess.log\nallow=2001:db8::/48\n"), conf);

        // After a restart the pane shows what is stored.
        robot.doubleClickOn("#accessLogField").eraseText(24);
        robot.clickOn(save);
        WindowFixture.waitUntil(() -> inventory().settings("fra-1").accessLog().isEmpty());
    }

    private Inventory inventory() {
        return window.shell.context().inventory();
    }

    private void showTab(String id) {
        TabPane tabs = WindowFixture.onFx(() -> (TabPane) window.shell.window().getScene().lookup(".tab-pane"));
        WindowFixture.onFx(() -> {
            tabs.getSelectionModel().select(tabs.getTabs().stream().filter(t -> id.equals(t.getId())).findFirst().orElseThrow());
            return null;
        });
        WindowFixture.waitFor(new FxRobot(), "#newNetwork", Node::isVisible);
    }

    private Button limitsOfANewServer(FxRobot robot) {
        window.createPassword(robot);
        storeServer("fra-1");
        selectServer(robot);
        return robot.lookup("#addLimitButton").queryButton();
    }

    private void storeServer(String name) {
        inventory().addServer(new Server(Server.NEW, name, "198.18.0.10", 22, "root", AuthKind.KEY_FILE,
                "/home/op/.ssh/id_ed25519", false), ServerSecrets.NONE);
    }

    /** Shows the stored servers and selects fra-1, whose entries the limits tab then loads. */
    private void selectServer(FxRobot robot) {
        window.showServers(null);
        TableView<?> list = robot.lookup(".servers-table").queryTableView();
        WindowFixture.waitUntil(() -> !list.getItems().isEmpty());
        window.showServers("fra-1");
        WindowFixture.waitUntil(() -> window.shell.servers().selected().isPresent());
    }
}
