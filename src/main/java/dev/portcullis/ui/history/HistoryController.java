package dev.portcullis.ui.history;

import dev.portcullis.history.AddressDay;
import dev.portcullis.history.AddressSummary;
import dev.portcullis.history.GeoLookup;
import dev.portcullis.history.HistoryAggregator;
import dev.portcullis.history.HistoryCsv;
import dev.portcullis.history.HistoryFilter;
import dev.portcullis.history.HourlyAddresses;
import dev.portcullis.history.Origin;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.Server;
import dev.portcullis.model.TerminalText;
import dev.portcullis.remote.Disconnector;
import dev.portcullis.remote.HistoryCollector;
import dev.portcullis.remote.RemoteException;
import dev.portcullis.store.HistoryStore;
import dev.portcullis.ui.fx.BackgroundTasks;
import dev.portcullis.ui.fx.Columns;
import dev.portcullis.ui.fx.Dialogs;
import dev.portcullis.ui.main.StatusModel;
import dev.portcullis.ui.servers.ServerRow;
import dev.portcullis.ui.servers.ServersModel;
import java.io.File;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.text.MessageFormat;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javafx.application.Platform;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.WeakChangeListener;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.SortedList;
import javafx.fxml.FXML;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Toggle;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

/**
 * The address history of the selected server: distinct addresses per hour over the chosen period,
 * and per address first and last seen, days, connections, refused, country and network; export to
 * CSV and, where the build can, "End this address's connections". Reading and aggregating run in
 * the background; this class binds the results to the view.
 */
public final class HistoryController {

    /**
     * What the page needs from the rest of the application.
     *
     * @param collector fetches what a server recorded since the last fetch (at most once a minute per
     *                  server while the page is used); empty: the stored history only
     */
    public record Services(HistoryStore store, Function<String, List<LimitEntry>> limits, GeoLookup geo,
                           BackgroundTasks tasks, Optional<Disconnector> disconnector, Dialogs dialogs,
                           StatusModel status, Function<FileChooser, File> saveDialog, Clock clock,
                           Optional<HistoryCollector> collector) {
    }

    /** How often the page asks a server for what is new. */
    static final Duration FETCH_INTERVAL = Duration.ofMinutes(1);

    /** One load's outcome. */
    record Loaded(List<Integer> ports, List<String> accounts, List<AddressSummary> addresses,
                  HourlyAddresses hourly) {
    }

    private final ServersModel servers;
    private final HistoryModel model;
    private final Services services;
    private final ObservableList<AddressSummary> rows = FXCollections.observableArrayList();
    // Held here and added weakly: a reloaded view (language switch) lets its old controller go.
    private final ChangeListener<ServerRow> selectionListener = (obs, o, row) -> reload();
    private final ChangeListener<HistoryPeriod> periodListener = (obs, o, p) -> periodChanged(p);
    private final ChangeListener<Integer> portListener = (obs, o, p) -> portChanged(p);
    private final ChangeListener<String> accountListener = (obs, o, a) -> reload();
    /** When each server was last asked for new history (touched by background loads only). */
    private final Map<Long, Instant> fetched = new ConcurrentHashMap<>();
    /** Which load is current: results of an older one are dropped. */
    private long generation;
    private boolean updatingChoices;
    private ZoneId zone = ZoneId.systemDefault();

    @FXML private Label headerLabel;
    @FXML private Label summaryLabel;
    @FXML private ToggleGroup periodGroup;
    @FXML private ToggleButton period24h;
    @FXML private ToggleButton period7d;
    @FXML private ToggleButton period30d;
    @FXML private ChoiceBox<Integer> portChoice;
    @FXML private ChoiceBox<String> accountChoice;
    @FXML private Button exportButton;
    @FXML private Button disconnectButton;
    @FXML private LineChart<Number, Number> chart;
    @FXML private NumberAxis timeAxis;
    @FXML private TableView<AddressSummary> table;
    @FXML private TableColumn<AddressSummary, String> hAddress;
    @FXML private TableColumn<AddressSummary, String> hFirst;
    @FXML private TableColumn<AddressSummary, String> hLast;
    @FXML private TableColumn<AddressSummary, Number> hDays;
    @FXML private TableColumn<AddressSummary, Number> hConnections;
    @FXML private TableColumn<AddressSummary, Number> hRefused;
    @FXML private TableColumn<AddressSummary, String> hCountry;
    @FXML private TableColumn<AddressSummary, String> hNetwork;
    @FXML private ResourceBundle resources;

    public HistoryController(ServersModel servers, HistoryModel model, Services services) {
        this.servers = servers;
        this.model = model;
        this.services = services;
    }

    @FXML
    private void initialize() {
        DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
        Columns.show(hAddress, r -> TerminalText.escape(r.address()));
        Columns.show(hFirst, r -> time.format(r.firstSeen().atZone(zone)));
        Columns.show(hLast, r -> time.format(r.lastSeen().atZone(zone)));
        Columns.show(hDays, AddressSummary::daysSeen);
        Columns.show(hConnections, AddressSummary::connections);
        Columns.show(hRefused, AddressSummary::refused);
        Columns.show(hCountry, r -> country(r.origin()));
        Columns.show(hNetwork, r -> network(r.origin()));
        SortedList<AddressSummary> sorted = new SortedList<>(rows);
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        table.setPlaceholder(new Label(resources.getString("history.empty")));

        period24h.setUserData(HistoryPeriod.DAY);
        period7d.setUserData(HistoryPeriod.WEEK);
        period30d.setUserData(HistoryPeriod.MONTH);
        for (Toggle t : periodGroup.getToggles()) {
            t.setSelected(t.getUserData() == model.periodProperty().get());
        }
        periodGroup.selectedToggleProperty().addListener((obs, o, t) -> {
            if (t == null) {
                o.setSelected(true); // one period is always chosen
            } else {
                model.periodProperty().set((HistoryPeriod) t.getUserData());
            }
        });
        model.periodProperty().addListener(new WeakChangeListener<>(periodListener));

        portChoice.setConverter(new StringConverter<>() {
            @Override
            public String toString(Integer port) {
                return port == null ? resources.getString("history.allPorts")
                        : MessageFormat.format(resources.getString("history.port"), String.valueOf(port));
            }

            @Override
            public Integer fromString(String text) {
                throw new UnsupportedOperationException();
            }
        });
        portChoice.getItems().setAll(new ArrayList<Integer>(java.util.Collections.singletonList(null)));
        portChoice.setValue(model.portProperty().get());
        portChoice.valueProperty().addListener((obs, o, p) -> {
            if (!updatingChoices) {
                model.portProperty().set(p);
            }
        });
        model.portProperty().addListener(new WeakChangeListener<>(portListener));

        accountChoice.setConverter(new StringConverter<>() {
            @Override
            public String toString(String account) {
                return account == null ? resources.getString("history.allAccounts") : TerminalText.escape(account);
            }

            @Override
            public String fromString(String text) {
                throw new UnsupportedOperationException();
            }
        });
        accountChoice.getItems().setAll(new ArrayList<String>(java.util.Collections.singletonList(null)));
        accountChoice.setValue(model.accountProperty().get());
        accountChoice.valueProperty().addListener((obs, o, a) -> {
            if (!updatingChoices) {
                model.accountProperty().set(a);
            }
        });
        model.accountProperty().addListener(new WeakChangeListener<>(accountListener));

        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        chart.setLegendVisible(false);
        timeAxis.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number millis) {
                DateTimeFormatter f = DateTimeFormatter.ofPattern(model.periodProperty().get() == HistoryPeriod.DAY
                        ? "HH:mm" : "MM-dd");
                return f.format(Instant.ofEpochMilli(millis.longValue()).atZone(zone));
            }

            @Override
            public Number fromString(String text) {
                throw new UnsupportedOperationException();
            }
        });
        Tooltip.install(chart, new Tooltip(resources.getString("history.chartNote")));

        exportButton.disableProperty().bind(javafx.beans.binding.Bindings.isEmpty(rows));
        if (services.disconnector().isPresent()) {
            disconnectButton.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        } else {
            disconnectButton.setDisable(true);
            // A disabled button shows no tooltip of its own: say why next to it.
            disconnectButton.setTooltip(new Tooltip(resources.getString("history.disconnectUnavailable")));
        }
        servers.selectedProperty().addListener(new WeakChangeListener<>(selectionListener));
        reload();
    }

    private void periodChanged(HistoryPeriod period) {
        for (Toggle t : periodGroup.getToggles()) {
            if (t.getUserData() == period && !t.isSelected()) {
                t.setSelected(true);
            }
        }
        reload();
    }

    private void portChanged(Integer port) {
        if (!java.util.Objects.equals(portChoice.getValue(), port)) {
            updatingChoices = true;
            if (!portChoice.getItems().contains(port)) {
                portChoice.getItems().add(port);
            }
            portChoice.setValue(port);
            updatingChoices = false;
        }
        reload();
    }

    /** The time zone the times are shown in (tests fix it). */
    void zone(ZoneId newZone) {
        this.zone = newZone;
    }

    private String country(Origin o) {
        return o.countryKnown() ? o.countryCode() + " · " + o.countryName(resources.getLocale()) : "";
    }

    private static String network(Origin o) {
        if (!o.asnKnown()) {
            return TerminalText.escape(o.asName());
        }
        return "AS" + o.asn() + (o.asName().isEmpty() ? "" : " " + TerminalText.escape(o.asName()));
    }

    /** Reads the selected server's history for the chosen port and period again. */
    public void reload() {
        long mine = ++generation;
        Optional<ServerRow> row = servers.selected();
        if (row.isEmpty()) {
            headerLabel.setText(resources.getString("limits.noServer"));
            rows.clear();
            chart.getData().clear();
            summaryLabel.setText("");
            return;
        }
        Server server = row.get().server();
        headerLabel.setText(MessageFormat.format(resources.getString("history.of"), server.name()));
        Integer port = model.portProperty().get();
        String account = model.accountProperty().get();
        Instant now = services.clock().instant();
        Instant from = now.minus(model.periodProperty().get().length());
        services.tasks().supply(() -> load(server, port, account, from, now))
                .onSuccess(loaded -> {
                    if (mine == generation) {
                        show(loaded);
                    }
                })
                .start();
    }

    private Loaded load(Server server, Integer port, String account, Instant from, Instant now) {
        fetchNew(server, now);
        List<Integer> ports = new ArrayList<>(new TreeSet<>(services.limits().apply(server.name()).stream()
                .map(LimitEntry::port).toList()));
        List<AddressDay> days = services.store().find(server.id(), new HistoryFilter(port, account, from));
        return new Loaded(ports, services.store().accounts(server.id()),
                HistoryAggregator.byAddress(days, services.geo()),
                HistoryAggregator.perHour(days, from, now));
    }

    /** What the server recorded since the last fetch, unless asked within the last minute. */
    private void fetchNew(Server server, Instant now) {
        Optional<HistoryCollector> collector = services.collector();
        Instant last = fetched.get(server.id());
        if (collector.isEmpty() || (last != null && last.plus(FETCH_INTERVAL).isAfter(now))) {
            return;
        }
        fetched.put(server.id(), now);
        try {
            collector.get().collect(server);
        } catch (RemoteException | RuntimeException e) {
            // The stored history still answers; the next look (after a minute) asks again.
            Platform.runLater(() -> services.status().error(MessageFormat.format(resources.getString("history.fetchFailed"),
                    server.name(), StatusModel.describe(e))));
        }
    }

    private void show(Loaded loaded) {
        updatingChoices = true;
        List<Integer> choices = new ArrayList<>();
        choices.add(null);
        choices.addAll(loaded.ports());
        Integer chosen = model.portProperty().get();
        if (chosen != null && !choices.contains(chosen)) {
            choices.add(chosen);
        }
        if (!choices.equals(portChoice.getItems())) {
            portChoice.getItems().setAll(choices);
        }
        portChoice.setValue(chosen);
        List<String> accounts = new ArrayList<>();
        accounts.add(null);
        accounts.addAll(loaded.accounts());
        if (!accounts.equals(accountChoice.getItems())) {
            accountChoice.getItems().setAll(accounts);
        }
        accountChoice.setValue(model.accountProperty().get());
        // Port entries only: no account to choose.
        accountChoice.setVisible(accounts.size() > 1);
        accountChoice.setManaged(accounts.size() > 1);
        updatingChoices = false;

        rows.setAll(loaded.addresses());
        chart.getData().setAll(List.of(HistoryChart.series(loaded.hourly(), resources.getString("history.chart"))));
        timeAxis.setAutoRanging(false);
        timeAxis.setLowerBound(loaded.hourly().start().toEpochMilli());
        timeAxis.setUpperBound(loaded.hourly().hour(loaded.hourly().hours()).toEpochMilli());
        timeAxis.setTickUnit(model.periodProperty().get() == HistoryPeriod.DAY ? 3 * 3_600_000.0 : 86_400_000.0
                * (model.periodProperty().get() == HistoryPeriod.MONTH ? 5 : 1));
        long connections = loaded.addresses().stream().mapToLong(AddressSummary::connections).sum();
        long refused = loaded.addresses().stream().mapToLong(AddressSummary::refused).sum();
        summaryLabel.setText(MessageFormat.format(resources.getString("history.summary"), loaded.addresses().size(),
                connections, refused));
    }

    @FXML
    private void exportCsv() {
        Optional<ServerRow> row = servers.selected();
        if (row.isEmpty() || rows.isEmpty()) {
            return;
        }
        FileChooser chooser = new FileChooser();
        chooser.setTitle(resources.getString("history.export"));
        chooser.setInitialFileName(row.get().name() + "-history.csv");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(resources.getString("history.exportFilter"), "*.csv"));
        File file = services.saveDialog().apply(chooser);
        if (file == null) {
            return;
        }
        List<AddressSummary> snapshot = List.copyOf(table.getItems());
        services.tasks().run(() -> {
            try (Writer out = Files.newBufferedWriter(file.toPath(), StandardCharsets.UTF_8)) {
                HistoryCsv.write(snapshot, out);
            }
        }).onSuccess(v -> services.status().info(MessageFormat.format(resources.getString("history.exported"),
                snapshot.size(), file.getName()))).start();
    }

    @FXML
    private void disconnect() {
        AddressSummary chosen = table.getSelectionModel().getSelectedItem();
        Optional<ServerRow> row = servers.selected();
        if (chosen == null || row.isEmpty() || services.disconnector().isEmpty()) {
            return;
        }
        Server server = row.get().server();
        Integer port = model.portProperty().get();
        String address = chosen.address();
        if (!services.dialogs().confirm("history.disconnect", MessageFormat.format(
                resources.getString("history.disconnectConfirm"), TerminalText.escape(address), server.name()),
                "history.disconnect")) {
            return;
        }
        Disconnector disconnector = services.disconnector().get();
        services.tasks().supply(() -> disconnector.disconnect(server, address, port))
                .onSuccess(n -> services.status().info(MessageFormat.format(resources.getString("history.disconnected"),
                        n, TerminalText.escape(address))))
                .start();
    }
}
