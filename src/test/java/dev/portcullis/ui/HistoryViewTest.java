package dev.portcullis.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.AppContext;
import dev.portcullis.history.AddressDay;
import dev.portcullis.history.AddressSummary;
import dev.portcullis.history.GeoDatabases;
import dev.portcullis.history.MmdbGeoLookup;
import dev.portcullis.history.MmdbWriter;
import dev.portcullis.model.AuthKind;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Protocol;
import dev.portcullis.model.Server;
import dev.portcullis.remote.Disconnector;
import dev.portcullis.store.ServerSecrets;
import dev.portcullis.ui.fx.BackgroundTasks;
import dev.portcullis.ui.fx.ControllerLookup;
import dev.portcullis.ui.fx.Dialogs;
import dev.portcullis.ui.fx.FxmlLoaderFactory;
import dev.portcullis.ui.fx.FxmlView;
import dev.portcullis.ui.history.HistoryController;
import dev.portcullis.ui.history.HistoryModel;
import dev.portcullis.ui.history.HistoryPeriod;
import dev.portcullis.ui.main.StatusModel;
import dev.portcullis.ui.servers.ServersModel;
import dev.portcullis.ui.settings.Appearance;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.geometry.NodeOrientation;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The history page (real FXML and controller) over a real H2 store with address-days in it and a
 * geo database this test writes: chart, sortable table with country and network, period and port
 * choice, CSV export and the end-connections button.
 */
@ExtendWith(ApplicationExtension.class)
class HistoryViewTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    @TempDir
    static Path dir;

    private AppContext app;
    private MmdbGeoLookup geo;
    private BackgroundTasks tasks;
    private final ServersModel servers = new ServersModel();
    private final HistoryModel model = new HistoryModel();
    private final List<String> ended = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicReference<File> saveAnswer = new java.util.concurrent.atomic.AtomicReference<>();
    private Server server;
    private HistoryController controller;

    private static AddressDay row(Instant first, Instant last, int port, String address, long conns, long refused) {
        return new AddressDay(LocalDate.ofInstant(first, ZoneOffset.UTC), port, Protocol.TCP, "", address, first, last,
                conns, refused);
    }

    @Start
    void start(Stage stage) throws Exception {
        Path data = Files.createTempDirectory(dir, "data");
        app = AppContext.open(data, creating -> "correct horse battery 9".toCharArray());
        server = app.inventory().addServer(new Server(Server.NEW, "fra", "198.18.0.10", 22, "root", AuthKind.KEY_FILE,
                "/home/me/.ssh/id_ed25519", false), ServerSecrets.NONE);
        app.inventory().setLimit("fra", LimitEntry.of(443, LimitMode.DEVICES, 3));
        app.inventory().setLimit("fra", LimitEntry.of(8443, LimitMode.DEVICES, 3));
        app.history().upsert(server.id(), List.of(
                // 10:05-11:55 today on 443: hours 10 and 11
                row(NOW.minusSeconds(6900), NOW.minusSeconds(300), 443, "198.18.0.2", 40, 2),
                // 11:30 today on 8443
                row(NOW.minusSeconds(1800), NOW.minusSeconds(1700), 8443, "fd00::9", 3, 0),
                // three days ago on 443: only in the 7-day view
                row(NOW.minusSeconds(3 * 86_400), NOW.minusSeconds(3 * 86_400 - 60), 443, "198.18.1.5", 7, 9),
                // 10:20-10:36 today, the same address as a user of an account on 443
                new AddressDay(LocalDate.ofInstant(NOW, ZoneOffset.UTC), 443, Protocol.TCP, "alice@example.com",
                        "198.18.0.2", NOW.minusSeconds(6000), NOW.minusSeconds(5040), 1, 0)));
        Path countryDb = data.resolve("country.mmdb");
        new MmdbWriter("GeoLite2-Country").add("198.18.0.0/24", Map.of("country", Map.of("iso_code", "DE"))).write(countryDb);
        Path asnDb = data.resolve("asn.mmdb");
        new MmdbWriter("GeoLite2-ASN").add("198.18.0.0/16", Map.of("autonomous_system_number", 64500,
                "autonomous_system_organization", "Example Transit")).write(asnDb);
        geo = GeoDatabases.open(countryDb, asnDb, null);
        tasks = new BackgroundTasks("history-test", e -> { });
        Dialogs dialogs = new Dialogs(() -> stage, () -> Appearance.bundle(Locale.ENGLISH),
                () -> NodeOrientation.LEFT_TO_RIGHT, () -> "");
        Disconnector recording = (s, address, port) -> {
            ended.add(s.name() + " " + address + " " + port);
            return 5;
        };
        HistoryController.Services services = new HistoryController.Services(app.history(),
                name -> app.inventory().limits(name), geo, tasks, Optional.of(recording), dialogs,
                new StatusModel(() -> Appearance.bundle(Locale.ENGLISH)), chooser -> saveAnswer.get(),
                Clock.fixed(NOW, ZoneOffset.UTC), Optional.empty());
        ControllerLookup lookup = new ControllerLookup();
        lookup.register(HistoryController.class, () -> new HistoryController(servers, model, services));
        FxmlLoaderFactory.Loaded<HistoryController> view = new FxmlLoaderFactory(lookup,
                () -> Appearance.bundle(Locale.ENGLISH)).load(FxmlView.HISTORY);
        controller = view.controller();
        servers.replaceAll(app.inventory().servers());
        servers.selectedProperty().set(servers.byName("fra").orElseThrow());
        stage.setScene(new Scene(view.root(), 1100, 700));
        stage.show();
    }

    @AfterEach
    void close() {
        tasks.close();
        geo.close();
        app.close();
    }

    private TableView<AddressSummary> table(FxRobot robot) {
        return robot.lookup(".history-table").queryTableView();
    }

    private List<String> addresses(FxRobot robot) {
        return WindowFixture.onFx(() -> table(robot).getItems().stream().map(AddressSummary::address).toList());
    }

    @SuppressWarnings("unchecked")
    private XYChart.Series<Number, Number> series(FxRobot robot) {
        LineChart<Number, Number> chart = robot.lookup(".history-pane .chart").query();
        return WindowFixture.onFx(() -> chart.getData().isEmpty() ? null : chart.getData().get(0));
    }

    @Test
    void chartTableCountryAndNetworkOverTheChosenPeriodAndPort(FxRobot robot) {
        WindowFixture.waitUntil(() -> addresses(robot).size() == 3);
        TableView<AddressSummary> table = table(robot);
        assertEquals("DE · Germany", WindowFixture.onFx(() -> cell(table, "hCountry", "198.18.0.2")));
        assertEquals("AS64500 Example Transit", WindowFixture.onFx(() -> cell(table, "hNetwork", "198.18.1.5")));
        assertEquals("", WindowFixture.onFx(() -> cell(table, "hCountry", "fd00::9")), "unknown stays empty");
        XYChart.Series<Number, Number> week = series(robot);
        assertEquals(7 * 24, week.getData().size(), "one point per hour of the 7 days");

        robot.interact(() -> model.periodProperty().set(HistoryPeriod.DAY));
        WindowFixture.waitUntil(() -> addresses(robot).size() == 2);
        XYChart.Series<Number, Number> day = series(robot);
        assertEquals(24, day.getData().size());
        List<Integer> counts = new ArrayList<>();
        WindowFixture.onFx(() -> day.getData().stream().map(d -> d.getYValue().intValue()).toList()).forEach(counts::add);
        assertEquals(List.of(1, 2), counts.subList(22, 24), "10:00 one address, 11:00 both");
        assertEquals(0, counts.subList(0, 22).stream().mapToInt(Integer::intValue).sum());

        robot.interact(() -> model.portProperty().set(8443));
        WindowFixture.waitUntil(() -> addresses(robot).equals(List.of("fd00::9")));
        assertEquals(java.util.Arrays.asList(null, 443, 8443), WindowFixture.onFx(() ->
                new ArrayList<>(robot.lookup(".history-pane .port-choice").<javafx.scene.control.ChoiceBox<Integer>>query().getItems())),
                "every limited port of the server to choose from");
    }

    @Test
    void oneAccountsAddressesWhenTheServerReportedAccounts(FxRobot robot) {
        WindowFixture.waitUntil(() -> addresses(robot).size() == 3);
        javafx.scene.control.ChoiceBox<String> accounts = robot.lookup(".history-pane .account-choice").query();
        assertEquals(java.util.Arrays.asList(null, "alice@example.com"), WindowFixture.onFx(() -> new ArrayList<>(accounts.getItems())));
        assertTrue(accounts.isVisible());
        robot.interact(() -> accounts.setValue("alice@example.com"));
        WindowFixture.waitUntil(() -> addresses(robot).equals(List.of("198.18.0.2")));
        assertEquals(1, WindowFixture.onFx(() -> table(robot).getItems().get(0).connections()));
    }

    @Test
    void sortableByEveryColumn(FxRobot robot) {
        WindowFixture.waitUntil(() -> addresses(robot).size() == 3);
        TableView<AddressSummary> table = table(robot);
        robot.interact(() -> {
            TableColumn<AddressSummary, ?> refused = column(table, "hRefused");
            refused.setSortType(TableColumn.SortType.DESCENDING);
            table.getSortOrder().setAll(List.of(refused));
        });
        assertEquals(List.of("198.18.1.5", "198.18.0.2", "fd00::9"), addresses(robot));
        robot.interact(() -> {
            TableColumn<AddressSummary, ?> conns = column(table, "hConnections");
            conns.setSortType(TableColumn.SortType.ASCENDING);
            table.getSortOrder().setAll(List.of(conns));
        });
        assertEquals(List.of("fd00::9", "198.18.1.5", "198.18.0.2"), addresses(robot));
    }

    @Test
    void exportWritesTheShownRowsAsCsv(FxRobot robot) throws Exception {
        WindowFixture.waitUntil(() -> addresses(robot).size() == 3);
        Path csv = dir.resolve("export-" + System.nanoTime() + ".csv");
        saveAnswer.set(csv.toFile());
        robot.clickOn("Export CSV");
        WindowFixture.waitUntil(() -> Files.exists(csv) && Files.readString(csv).lines().count() == 4);
        List<String> lines = Files.readAllLines(csv);
        assertEquals("address,first_seen,last_seen,days_seen,connections,refused,country,asn,as_name", lines.get(0));
        assertTrue(lines.contains("198.18.0.2,2026-11-30T10:05:00Z,2026-11-30T11:55:00Z,1,41,2,DE,64500,Example Transit"), lines.toString());
    }

    @Test
    void endingAnAddressAsksFirstAndCallsTheServiceWithThePort(FxRobot robot) {
        WindowFixture.waitUntil(() -> addresses(robot).size() == 3);
        Button end = robot.lookup("End this address's connections").queryButton();
        assertTrue(end.isDisabled(), "nothing selected yet");
        robot.interact(() -> model.portProperty().set(443));
        WindowFixture.waitUntil(() -> addresses(robot).size() == 2);
        robot.interact(() -> table(robot).getSelectionModel().select(0));
        assertFalse(end.isDisabled());
        robot.clickOn(end);
        WindowFixture.waitUntil(() -> robot.lookup(".dialog-pane").tryQuery().isPresent());
        robot.clickOn(robot.lookup(".dialog-pane .button").<Button>queryAll().stream()
                .filter(b -> b.getText().equals("End this address's connections")).findFirst().orElseThrow());
        WindowFixture.waitUntil(() -> ended.size() == 1);
        assertEquals(List.of("fra 198.18.0.2 443"), ended);
    }

    private static TableColumn<AddressSummary, ?> column(TableView<AddressSummary> table, String id) {
        return table.getColumns().stream().filter(c -> id.equals(c.getId())).findFirst().orElseThrow();
    }

    private static String cell(TableView<AddressSummary> table, String columnId, String address) {
        TableColumn<AddressSummary, ?> column = column(table, columnId);
        for (int i = 0; i < table.getItems().size(); i++) {
            if (table.getItems().get(i).address().equals(address)) {
                return String.valueOf(column.getCellData(i));
            }
        }
        throw new AssertionError("no row " + address);
    }
}
