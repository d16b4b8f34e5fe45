package dev.portcullis.ui.live;

import dev.portcullis.conntrack.DeviceMember;
import dev.portcullis.conntrack.PortSummary;
import dev.portcullis.conntrack.Snapshot;
import dev.portcullis.conntrack.WatchStatus;
import dev.portcullis.model.TerminalText;
import dev.portcullis.ui.fx.Columns;
import dev.portcullis.ui.main.StatusModel;
import dev.portcullis.ui.servers.ServerRow;
import dev.portcullis.ui.servers.ServersModel;
import java.text.MessageFormat;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import javafx.collections.transformation.SortedList;
import javafx.fxml.FXML;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;

/**
 * Live connections of the selected server: the connection table, the per-port summary (ports
 * over their limit or with rising refusals stand out) and a chart of distinct addresses per port
 * over the last minutes. Polling, merging and history live in {@link LiveMonitor} and
 * {@link LiveModel}; this class only binds them to the view.
 */
public final class LiveController {

    /** The chart shows the busiest ports only, so it stays readable with hundreds of entries. */
    static final int CHART_PORTS = 8;

    private final ServersModel servers;
    private final LiveMonitor monitor;
    private final LiveModel model;
    private final LiveAlerts alerts;
    /** Opens the history page for a port (null: every port); null when this window has none. */
    private final java.util.function.Consumer<Integer> showHistory;
    /** Held here and added weakly: a reloaded view (language switch) lets its old controller go. */
    private final javafx.beans.value.ChangeListener<ServerRow> selectionListener = (obs, o, row) -> watch(row);

    @FXML private Label headerLabel;
    @FXML private Label pollLabel;
    @FXML private ToggleButton pauseButton;
    @FXML private javafx.scene.control.Button historyButton;
    @FXML private TableView<PortSummary> portsTable;
    @FXML private TableColumn<PortSummary, String> pPort;
    @FXML private TableColumn<PortSummary, String> pLabel;
    @FXML private TableColumn<PortSummary, FamilyCounts> pConnections;
    @FXML private TableColumn<PortSummary, Number> pAddresses;
    @FXML private TableColumn<PortSummary, Number> pLimit;
    @FXML private TableColumn<PortSummary, Number> pRefused;
    @FXML private TableView<ConnectionRow> connectionsTable;
    @FXML private TableColumn<ConnectionRow, String> cClient;
    @FXML private TableColumn<ConnectionRow, Number> cClientPort;
    @FXML private TableColumn<ConnectionRow, Number> cPort;
    @FXML private TableColumn<ConnectionRow, String> cProtocol;
    @FXML private TableColumn<ConnectionRow, String> cState;
    @FXML private Label watchLabel;
    @FXML private SplitPane liveSplit;
    @FXML private TableView<AccountLine> accountsTable;
    @FXML private TableColumn<AccountLine, String> aPort;
    @FXML private TableColumn<AccountLine, String> aAccount;
    @FXML private TableColumn<AccountLine, String> aNetwork;
    @FXML private TableColumn<AccountLine, String> aKind;
    @FXML private TableColumn<AccountLine, String> aCount;
    @FXML private TableColumn<AccountLine, String> aLeft;
    @FXML private LineChart<Number, Number> chart;
    @FXML private NumberAxis timeAxis;
    @FXML private ResourceBundle resources;

    /** A live view without alerts and without the way to the history page. */
    public LiveController(ServersModel servers, LiveMonitor monitor, LiveModel model) {
        this(servers, monitor, model, null, null);
    }

    /**
     * @param alerts      notices for entries over their limit, or null for none
     * @param showHistory opens the history page for a port (null: every port), or null when there is none
     */
    public LiveController(ServersModel servers, LiveMonitor monitor, LiveModel model, LiveAlerts alerts,
                          java.util.function.Consumer<Integer> showHistory) {
        this.servers = servers;
        this.monitor = monitor;
        this.model = model;
        this.alerts = alerts;
        this.showHistory = showHistory;
    }

    @FXML
    private void initialize() {
        Columns.show(pPort, r -> r.port() + "/" + r.protocol().id());
        Columns.show(pLabel, r -> TerminalText.escape(r.label()));
        Columns.show(pConnections, FamilyCounts::of);
        Columns.show(pAddresses, PortSummary::addresses);
        Columns.show(pLimit, PortSummary::max);
        Columns.show(pRefused, PortSummary::refused);
        portsTable.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(PortSummary item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().removeAll("over-limit", "rising-refusals");
                String tip = empty || item == null ? null : tooltipText(item);
                if (tip == null) {
                    setTooltip(null);
                } else if (getTooltip() == null) {
                    setTooltip(new Tooltip(tip));
                } else {
                    getTooltip().setText(tip);
                }
                if (!empty && item != null) {
                    if (item.overLimit()) {
                        getStyleClass().add("over-limit");
                    }
                    if (item.risingRefusals()) {
                        getStyleClass().add("rising-refusals");
                    }
                }
            }
        });
        SortedList<PortSummary> sortedPorts = new SortedList<>(model.ports());
        sortedPorts.comparatorProperty().bind(portsTable.comparatorProperty());
        portsTable.setItems(sortedPorts);

        Columns.show(cClient, ConnectionRow::client);
        Columns.show(cClientPort, ConnectionRow::clientPort);
        Columns.show(cPort, ConnectionRow::port);
        Columns.show(cProtocol, ConnectionRow::protocol);
        cState.setCellValueFactory(c -> c.getValue().stateProperty());
        SortedList<ConnectionRow> sortedConnections = new SortedList<>(model.connections());
        sortedConnections.comparatorProperty().bind(connectionsTable.comparatorProperty());
        connectionsTable.setItems(sortedConnections);
        connectionsTable.setPlaceholder(new Label(resources.getString(
                monitor.available() ? "live.empty" : "live.unavailable")));

        initAccounts();

        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        timeAxis.setTickLabelFormatter(new ClockTicks(ZoneId.systemDefault()));

        pauseButton.setDisable(!monitor.available());
        // Bound both ways: a monitor that stops on a failure it cannot get past shows Resume.
        pauseButton.selectedProperty().bindBidirectional(monitor.pausedProperty());
        pauseButton.textProperty().bind(javafx.beans.binding.Bindings.when(pauseButton.selectedProperty())
                .then(resources.getString("live.resume")).otherwise(resources.getString("live.pause")));
        pauseButton.setOnAction(e -> monitor.setPaused(pauseButton.isSelected()));

        historyButton.setVisible(showHistory != null);
        historyButton.setManaged(showHistory != null);
        historyButton.setOnAction(e -> {
            PortSummary chosen = portsTable.getSelectionModel().getSelectedItem();
            showHistory.accept(chosen == null ? null : chosen.port());
        });

        monitor.onSnapshot(this::show);
        monitor.onFailure(this::failed);
        servers.selectedProperty().addListener(new javafx.beans.value.WeakChangeListener<>(selectionListener));
        watch(servers.selected().orElse(null));
        refreshChart();
    }

    /** The account entries' table and the watcher's state, both following the model. */
    private void initAccounts() {
        Columns.show(aPort, AccountLine::port);
        Columns.show(aAccount, AccountLine::account);
        Columns.show(aNetwork, AccountLine::network);
        Columns.show(aKind, l -> resources.getString("live.account." + l.kind().id()));
        Columns.show(aCount, l -> l.count() < 0 ? "" : Long.toString(l.count()));
        Columns.show(aLeft, l -> l.secondsLeft() < 0 ? ""
                : MessageFormat.format(resources.getString("live.seconds"), l.secondsLeft()));
        accountsTable.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(AccountLine item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().removeAll("account-refused", "account-observed");
                if (!empty && item != null && item.kind() != AccountLine.Kind.MEMBER && item.kind() != AccountLine.Kind.NONE) {
                    getStyleClass().add("account-" + item.kind().id());
                }
            }
        });
        accountsTable.setItems(model.accounts());
        accountsTable.setPlaceholder(new Label(resources.getString("live.accounts.empty")));
        model.accounts().addListener((javafx.collections.ListChangeListener<AccountLine>) c -> showAccounts());
        model.watch().addListener((obs, o, state) -> showAccounts());
        showAccounts();
    }

    /**
     * Says what the watcher does (enforcing, stopped, or no log: nothing enforced, and how to turn the
     * log on), and shows the accounts table while the server has account entries.
     */
    private void showAccounts() {
        WatchStatus watch = model.watch().get();
        String text = switch (watch.state()) {
            case RUNNING -> MessageFormat.format(resources.getString("live.watch.running"),
                    watch.logPath().isEmpty() ? "?" : TerminalText.escape(watch.logPath()));
            case STOPPED -> MessageFormat.format(resources.getString("live.watch.stopped"), "");
            case NO_LOG -> MessageFormat.format(resources.getString("live.watch.noLog"), "");
            case NOT_NEEDED, UNKNOWN -> "";
        };
        watchLabel.setText(text);
        watchLabel.getStyleClass().removeIf(c -> c.startsWith("watch-") && !c.equals("watch-state"));
        watchLabel.getStyleClass().add("watch-" + watch.state().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        watchLabel.setVisible(!text.isEmpty());
        watchLabel.setManaged(!text.isEmpty());
        boolean shown = !text.isEmpty() || !model.accounts().isEmpty();
        if (shown && !liveSplit.getItems().contains(accountsTable)) {
            liveSplit.getItems().add(accountsTable);
            liveSplit.setDividerPositions(0.34, 0.67);
        } else if (!shown) {
            liveSplit.getItems().remove(accountsTable);
        }
    }

    private void watch(ServerRow row) {
        headerLabel.setText(row == null ? resources.getString("limits.noServer")
                : MessageFormat.format(resources.getString("live.of"), row.name()));
        model.clear();
        pollLabel.setText("");
        monitor.watch(row == null ? null : row.server());
    }

    /** Applies one snapshot; public so a measurement can drive the view at its own pace. */
    public void show(Snapshot snapshot) {
        model.apply(snapshot, System.currentTimeMillis());
        if (alerts != null) {
            servers.selected().ifPresent(row -> alerts.check(row.name(), snapshot));
        }
        pollLabel.setText(MessageFormat.format(resources.getString("live.polled"), snapshot.connections().size(),
                LocalTime.now().withNano(0).toString()));
        refreshChart();
    }

    private void failed(Throwable error, java.time.Duration retryIn) {
        pollLabel.setText(retryIn == null
                ? MessageFormat.format(resources.getString("live.stopped"), StatusModel.describe(error))
                : MessageFormat.format(resources.getString("live.retrying"), StatusModel.describe(error),
                        Math.max(1, retryIn.toSeconds())));
    }

    /**
     * A devices entry's members on the server (who holds its slots), one per line; for a connlimit
     * entry, that each family is counted and limited on its own.
     */
    private String tooltipText(PortSummary p) {
        if (p.countsFamiliesApart()) {
            return MessageFormat.format(resources.getString("live.families"), p.connectionsV4(), p.connectionsV6(),
                    p.max());
        }
        StringBuilder text = new StringBuilder(MessageFormat.format(resources.getString("live.members"),
                p.members().size(), p.max()));
        for (DeviceMember m : p.members()) {
            text.append('\n').append(MessageFormat.format(resources.getString("live.member"), m.text(),
                    m.connections().size(), Math.max(0, m.expiresMillis() / 1000)));
        }
        return text.toString();
    }

    private void refreshChart() {
        List<Map.Entry<String, Deque<long[]>>> busiest = new ArrayList<>(model.history().entrySet());
        busiest.sort((a, b) -> Long.compare(last(b.getValue()), last(a.getValue())));
        List<XYChart.Series<Number, Number>> series = new ArrayList<>();
        for (Map.Entry<String, Deque<long[]>> e : busiest.subList(0, Math.min(CHART_PORTS, busiest.size()))) {
            XYChart.Series<Number, Number> s = new XYChart.Series<>();
            s.setName(e.getKey());
            for (long[] point : e.getValue()) {
                s.getData().add(new XYChart.Data<>(point[0], point[1]));
            }
            series.add(s);
        }
        chart.getData().setAll(series);
        long now = System.currentTimeMillis();
        timeAxis.setAutoRanging(false);
        timeAxis.setLowerBound(now - LiveModel.HISTORY_MILLIS);
        timeAxis.setUpperBound(now);
        timeAxis.setTickUnit(120_000);
    }

    private static long last(Deque<long[]> points) {
        return points.isEmpty() ? 0 : points.peekLast()[1];
    }
}
