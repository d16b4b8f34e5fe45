package dev.portcullis.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portcullis.AppContext;
import dev.portcullis.history.AddressDay;
import dev.portcullis.history.AddressSummary;
import dev.portcullis.model.AuthKind;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Protocol;
import dev.portcullis.model.Server;
import dev.portcullis.store.ServerSecrets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;

/** The history page in the whole window: a tab of its own, reached from the live view's History button. */
class WindowHistoryTest {

    @RegisterExtension
    final WindowFixture window = new WindowFixture();

    @Test
    void theLiveViewsHistoryButtonOpensTheServersAddressHistory(FxRobot robot) {
        window.createPassword(robot);
        AppContext app = window.shell.context();
        // Nothing listens on port 1 of the loopback: the live view's polls fail at once, touching no one.
        Server server = app.inventory().addServer(new Server(Server.NEW, "fra", "127.0.0.1", 1, "root",
                AuthKind.KEY_FILE, "/home/me/.ssh/id_ed25519", false), ServerSecrets.NONE);
        app.inventory().setLimit("fra", LimitEntry.of(443, LimitMode.DEVICES, 3));
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        app.history().upsert(server.id(), List.of(
                new AddressDay(LocalDate.ofInstant(now, ZoneOffset.UTC), 443, Protocol.TCP, "", "198.18.0.2",
                        now.minusSeconds(120), now.minusSeconds(60), 4, 0)));
        window.showServers("fra");
        TabPane tabs = robot.lookup(".tab-pane").queryAs(TabPane.class);
        robot.interact(() -> tabs.getSelectionModel().select(
                tabs.getTabs().stream().filter(t -> "liveTab".equals(t.getId())).findFirst().orElseThrow()));
        robot.clickOn("#historyButton");
        WindowFixture.waitUntil(() -> "historyTab".equals(tabs.getSelectionModel().getSelectedItem().getId()));
        TableView<AddressSummary> table = robot.lookup(".history-table").queryTableView();
        WindowFixture.waitUntil(() -> table.getItems().size() == 1);
        assertEquals("198.18.0.2", table.getItems().get(0).address());
    }
}
