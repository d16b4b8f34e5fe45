package dev.portcullis.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.conntrack.AccountActivity;
import dev.portcullis.conntrack.AccountMember;
import dev.portcullis.conntrack.AccountRefusal;
import dev.portcullis.conntrack.DeviceMember;
import dev.portcullis.conntrack.IpAddress;
import dev.portcullis.conntrack.PortKey;
import dev.portcullis.conntrack.PortSummary;
import dev.portcullis.conntrack.Snapshot;
import dev.portcullis.conntrack.WatchStatus;
import dev.portcullis.model.TerminalText;
import dev.portcullis.ui.live.AccountLine;
import javafx.scene.control.Labeled;
import dev.portcullis.model.Protocol;
import java.util.Map;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.ui.fx.ControllerLookup;
import dev.portcullis.ui.fx.FxmlLoaderFactory;
import dev.portcullis.ui.fx.FxmlView;
import dev.portcullis.ui.live.ConnectionRow;
import dev.portcullis.ui.live.LiveController;
import dev.portcullis.ui.live.LiveModel;
import dev.portcullis.ui.live.LiveMonitor;
import dev.portcullis.ui.servers.ServersModel;
import dev.portcullis.ui.settings.Appearance;
import java.util.List;
import java.util.Locale;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The live view (real FXML and controller) fed with snapshots from the real conntrack parser and
 * aggregator: refreshing keeps the selected row and the scroll position, ports over their limit
 * stand out.
 */
@ExtendWith(ApplicationExtension.class)
class LiveViewTest {

    private static final List<LimitEntry> ENTRIES = List.of(
            LimitEntry.of(443, LimitMode.DEVICES, 3),
            LimitEntry.of(8443, LimitMode.CONNECTIONS, 10_000));

    private LiveController controller;
    private Stage stage;
    private final LiveModel model = new LiveModel();

    @Start
    void start(Stage stage) {
        this.stage = stage;
        ControllerLookup lookup = new ControllerLookup();
        lookup.register(LiveController.class, () -> new LiveController(new ServersModel(),
                new LiveMonitor(null, Runnable::run), model));
        FxmlLoaderFactory.Loaded<LiveController> view = new FxmlLoaderFactory(lookup,
                () -> Appearance.bundle(Locale.ENGLISH)).load(FxmlView.LIVE);
        controller = view.controller();
        stage.setScene(new Scene(view.root(), 1000, 700));
        stage.show();
    }

    @Test
    void refreshKeepsSelectionAndScrollAndMarksPortsOverTheirLimit(FxRobot robot) {
        Snapshot first = ConntrackText.snapshot(ENTRIES, 2000, 0, null);
        robot.interact(() -> controller.show(first));
        TableView<ConnectionRow> table = robot.lookup(".connections-table").queryTableView();
        assertEquals(2000, table.getItems().size());

        robot.interact(() -> {
            table.scrollTo(1200);
            table.getSelectionModel().select(1200);
        });
        ConnectionRow selected = table.getSelectionModel().getSelectedItem();
        int firstVisible = firstVisibleIndex(robot);

        // Next poll: the first 100 connections closed, 100 new ones opened; the rest are the same.
        Snapshot second = ConntrackText.snapshot(ENTRIES, 2000, 100, first);
        robot.interact(() -> controller.show(second));
        assertEquals(2000, table.getItems().size());
        assertSame(selected, table.getSelectionModel().getSelectedItem(), "the same row stays selected");
        assertEquals(firstVisible, firstVisibleIndex(robot), 2, "the view did not jump");

        Node overLimit = robot.lookup(".ports-table .over-limit").query();
        assertTrue(overLimit.isVisible(), "port 443 has far more than 3 addresses");
        assertFalse(robot.lookup(".ports-table .table-row-cell").queryAll().stream()
                .filter(n -> n.getStyleClass().contains("over-limit")).count() > 1, "8443 is within its limit");
    }

    @Test
    void risingRefusalsStandOutAndDevicesEntriesListTheirMembers(FxRobot robot) {
        PortKey devices = new PortKey(443, Protocol.TCP);
        PortKey total = new PortKey(8443, Protocol.TCP);
        List<DeviceMember> members = List.of(
                new DeviceMember(IpAddress.parse("198.19.0.2"), 32, 41_000, List.of()),
                new DeviceMember(IpAddress.parse("fd00:77::"), 64, 12_000, List.of()));
        Snapshot first = ConntrackText.snapshot(ENTRIES, 20, 0, null, Map.of(devices, 4L, total, 0L),
                Map.of(devices, members));
        Snapshot second = ConntrackText.snapshot(ENTRIES, 20, 0, first, Map.of(devices, 4L, total, 9L),
                Map.of(devices, members));
        robot.interact(() -> {
            controller.show(first);
            controller.show(second);
        });
        TableView<PortSummary> ports = robot.lookup(".ports-table").queryTableView();
        assertEquals(List.of(4L, 9L), ports.getItems().stream()
                .sorted(java.util.Comparator.comparingInt(PortSummary::port)).map(PortSummary::refused).toList());
        List<javafx.scene.control.TableRow<?>> rows = robot.lookup(".ports-table .table-row-cell").queryAll().stream()
                .<javafx.scene.control.TableRow<?>>map(n -> (javafx.scene.control.TableRow<?>) n).filter(r -> r.getItem() != null).toList();
        javafx.scene.control.TableRow<?> rising = rows.stream()
                .filter(r -> ((PortSummary) r.getItem()).port() == 8443).findFirst().orElseThrow();
        assertTrue(rising.getStyleClass().contains("rising-refusals"), "8443 refused 9 more since the last poll");
        javafx.scene.control.TableRow<?> dev = rows.stream()
                .filter(r -> ((PortSummary) r.getItem()).port() == 443).findFirst().orElseThrow();
        assertFalse(dev.getStyleClass().contains("rising-refusals"), "443's count stayed at 4");
        String tip = dev.getTooltip().getText();
        assertTrue(tip.contains("2 of 3") && tip.contains("198.19.0.2/32") && tip.contains("fd00:77::/64")
                && tip.contains("41 s"), tip);
        PortSummary connections = (PortSummary) rising.getItem();
        String perFamily = rising.getTooltip().getText();
        assertTrue(perFamily.startsWith("IPv4 and IPv6 are counted apart: " + connections.connectionsV4() + " IPv4 + "
                + connections.connectionsV6() + " IPv6") && perFamily.endsWith("up to " + connections.max() + "."),
                "a connections entry says that each family has its own count: " + perFamily);
        assertFalse(perFamily.contains("Devices holding"), "no members for a connections entry");
        assertEquals(connections.connectionsV4() + " + " + connections.connectionsV6(),
                ((TableView<?>) rising.getTableView()).getColumns().get(2).getCellData(rising.getIndex()).toString(),
                "the connections cell shows IPv4 + IPv6");
    }

    @Test
    void thePerPortSummaryShowsWholeTextsAtTheWidthOfTheDefaultWindow(FxRobot robot) {
        // The live tab's share of the default window (the servers list has the rest).
        double width = DesktopShell.DEFAULT_WIDTH * (1 - DesktopShell.DEFAULT_DIVIDER);
        robot.interact(() -> {
            stage.setWidth(width);
            controller.show(ConntrackText.snapshot(List.of(LimitEntry.of(5900, LimitMode.CONNECTIONS_PER_IP, 3),
                    LimitEntry.of(65535, LimitMode.DEVICES, 10_000).withProtocol(Protocol.UDP)), 20, 0, null));
        });
        TableView<PortSummary> ports = robot.lookup(".ports-table").queryTableView();
        assertEquals(2, ports.getItems().size());
        assertEquals(List.of(), WindowFixture.clippedTexts(ports));
    }

    @Test
    void accountEntriesListTheirDevicesAndRefusalsAndTheWatcherSaysWhetherItEnforces(FxRobot robot) {
        Snapshot plain = ConntrackText.snapshot(ENTRIES, 3, 0, null);
        robot.interact(() -> controller.show(plain.withAccounts(List.of(), WatchStatus.UNKNOWN)));
        Labeled watch = robot.lookup(".watch-state").queryLabeled();
        assertFalse(watch.isVisible(), "nothing said when the server has no account entries");
        assertTrue(robot.lookup(".accounts-table").tryQuery().isEmpty(), "no accounts table then");

        // An account name with a terminal escape and a bidi override: shown escaped, never acted on.
        String hostile = "eve\u001b]0;pwned\u0007\u202e@x";
        List<AccountActivity> accounts = List.of(
                new AccountActivity(443, Protocol.TCP, "alice@x",
                        List.of(new AccountMember("198.19.0.2/32", 97)),
                        List.of(new AccountRefusal("198.19.0.3/32", 5, 41, false))),
                new AccountActivity(443, Protocol.TCP, hostile, List.of(),
                        List.of(new AccountRefusal("fd00:77::/64", 2, 0, true))),
                new AccountActivity(8443, Protocol.TCP, "bob@x", List.of(), List.of()));
        robot.interact(() -> controller.show(plain.withAccounts(accounts,
                new WatchStatus(WatchStatus.State.RUNNING, "/var/log/xray/access\u001b.log"))));
        assertTrue(watch.isVisible() && watch.getStyleClass().contains("watch-running"), "running is said");
        assertEquals("Account limits are enforced: the watcher follows the access log /var/log/xray/access\\x1b.log.",
                watch.getText());
        TableView<AccountLine> table = robot.lookup(".accounts-table").queryTableView();
        assertTrue(table.isVisible());
        assertEquals(List.of(
                "443/tcp|alice@x|198.19.0.2/32|device (holds a slot)||97 s",
                "443/tcp|alice@x|198.19.0.3/32|refused|5|41 s",
                "443/tcp|" + TerminalText.escape(hostile) + "|fd00:77::/64|would be refused (observe)|2|",
                "8443/tcp|bob@x||no devices now||"), shownRows(table));
        assertFalse(shownRows(table).get(2).contains("\u001b") || shownRows(table).get(2).contains("\u202e"),
                "control and bidi characters are shown escaped");
        javafx.scene.control.TableRow<?> refused = robot.lookup(".accounts-table .table-row-cell").queryAll().stream()
                .map(n -> (javafx.scene.control.TableRow<?>) n)
                .filter(r -> r.getItem() != null && ((AccountLine) r.getItem()).kind() == AccountLine.Kind.REFUSED)
                .findFirst().orElseThrow();
        assertTrue(refused.getStyleClass().contains("account-refused"), "a refused network stands out");

        robot.interact(() -> controller.show(plain.withAccounts(accounts, new WatchStatus(WatchStatus.State.STOPPED, ""))));
        assertTrue(watch.isVisible() && watch.getStyleClass().contains("watch-stopped")
                && !watch.getStyleClass().contains("watch-running"), watch.getStyleClass().toString());
        assertEquals("The access-log watcher is stopped: account limits are NOT enforced. Sync the server to start it again.",
                watch.getText());

        robot.interact(() -> controller.show(plain.withAccounts(List.of(), new WatchStatus(WatchStatus.State.NO_LOG, ""))));
        assertTrue(watch.isVisible() && watch.getStyleClass().contains("watch-no-log"));
        assertTrue(watch.getText().startsWith("No access log: account limits are NOT enforced. Turn on the proxy's access log")
                && watch.getText().contains("log.access"), watch.getText());
        assertEquals(List.of(), table.getItems(), "nothing listed while nothing is enforced");
        assertTrue(table.isVisible(), "the table stays, saying there is nothing");

        robot.interact(() -> controller.show(plain.withAccounts(List.of(), new WatchStatus(WatchStatus.State.NOT_NEEDED, ""))));
        assertFalse(watch.isVisible(), "no watcher needed: nothing said");
        assertTrue(robot.lookup(".accounts-table").tryQuery().isEmpty(), "the accounts table goes away again");
    }

    /** The texts of a table's rows as shown, cells joined by '|'. */
    private static List<String> shownRows(TableView<?> table) {
        return WindowFixture.onFx(() -> {
            List<String> rows = new java.util.ArrayList<>();
            for (int i = 0; i < table.getItems().size(); i++) {
                StringBuilder row = new StringBuilder();
                for (var column : table.getColumns()) {
                    row.append(row.length() == 0 ? "" : "|").append(String.valueOf(column.getCellData(i)));
                }
                rows.add(row.toString());
            }
            return rows;
        });
    }

    private static int firstVisibleIndex(FxRobot robot) {
        return robot.lookup(".connections-table .table-row-cell").queryAll().stream()
                .filter(Node::isVisible)
                .map(n -> ((javafx.scene.control.TableRow<?>) n).getIndex())
                .filter(i -> i >= 0)
                .min(Integer::compare).orElse(-1);
    }
}
