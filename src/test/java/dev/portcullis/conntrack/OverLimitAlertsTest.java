package dev.portcullis.conntrack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portcullis.conntrack.OverLimitAlerts.Alert;
import dev.portcullis.conntrack.OverLimitAlerts.Kind;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Protocol;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OverLimitAlertsTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    static PortSummary port(int port, LimitMode mode, int max, boolean observe, int conns, int addresses, long refused,
                            boolean over, boolean rising) {
        return new PortSummary(port, Protocol.TCP, mode, max, "acct-" + port, observe, conns, 0, conns, addresses,
                List.of(), refused, over, rising);
    }

    static Snapshot snapshot(PortSummary... ports) {
        return new Snapshot(List.of(ports), List.of(), 0, 0, 0, List.of(), 0);
    }

    @Test
    void overAndRefusingEntriesAreAlertedObserveIncluded() {
        OverLimitAlerts alerts = new OverLimitAlerts(Duration.ofMinutes(10));
        List<Alert> due = alerts.check(snapshot(
                port(443, LimitMode.DEVICES, 2, false, 9, 3, 0, true, false),
                port(8443, LimitMode.CONNECTIONS, 5, true, 4, 2, 7, false, true),
                port(9443, LimitMode.DEVICES, 5, false, 4, 2, 7, false, false)), T0);
        assertEquals(List.of(new Alert(new PortKey(443, Protocol.TCP), "acct-443", false, Kind.OVER_LIMIT, 2, 3, 0),
                new Alert(new PortKey(8443, Protocol.TCP), "acct-8443", true, Kind.REFUSING, 5, 4, 7)), due,
                "devices compare addresses, connections compare connections; a quiet entry is not alerted");
    }

    @Test
    void oneAlertPerEntryPerQuietPeriod() {
        OverLimitAlerts alerts = new OverLimitAlerts(Duration.ofMinutes(10));
        Snapshot over = snapshot(port(443, LimitMode.DEVICES, 2, false, 9, 3, 0, true, false));
        assertEquals(1, alerts.check(over, T0).size());
        assertEquals(0, alerts.check(over, T0.plusSeconds(2)).size(), "polled again two seconds later");
        assertEquals(0, alerts.check(over, T0.plus(Duration.ofMinutes(10)).minusSeconds(1)).size());
        Snapshot other = snapshot(port(443, LimitMode.DEVICES, 2, false, 9, 3, 0, true, false),
                port(80, LimitMode.DEVICES, 1, false, 2, 2, 0, true, false));
        assertEquals(List.of(80), alerts.check(other, T0.plusSeconds(4)).stream().map(a -> a.key().port()).toList(),
                "another entry has its own period");
        assertEquals(1, alerts.check(over, T0.plus(Duration.ofMinutes(10))).size(), "still over after the period: again");
    }

    @Test
    void anAccountWhoseRefusalsGrowIsAlertedOncePerQuietPeriod() {
        OverLimitAlerts alerts = new OverLimitAlerts(Duration.ofMinutes(10));
        Snapshot quietAccount = snapshot().withAccounts(List.of(account("bob@x", 0, false)), WatchStatus.UNKNOWN);
        assertEquals(List.of(), alerts.check(quietAccount, T0), "nothing refused: no alert");
        Snapshot refusing = snapshot().withAccounts(List.of(account("alice@x", 2, false), account("carol@x", 3, true)),
                WatchStatus.UNKNOWN);
        assertEquals(List.of(new Alert(new PortKey(443, Protocol.TCP), "", false, Kind.REFUSING, 0, 1, 2, "alice@x"),
                new Alert(new PortKey(443, Protocol.TCP), "", true, Kind.REFUSING, 0, 1, 3, "carol@x")),
                alerts.check(refusing, T0.plusSeconds(2)), "observed refusals alert as would-be ones");
        Snapshot more = snapshot().withAccounts(List.of(account("alice@x", 5, false)), WatchStatus.UNKNOWN);
        assertEquals(List.of(), alerts.check(more, T0.plusSeconds(4)), "within the quiet period");
        assertEquals(List.of(), alerts.check(more, T0.plus(Duration.ofMinutes(11))), "not grown since the last poll");
        Snapshot again = snapshot().withAccounts(List.of(account("alice@x", 6, false)), WatchStatus.UNKNOWN);
        assertEquals(1, alerts.check(again, T0.plus(Duration.ofMinutes(12))).size(), "grown again after the period");
    }

    private static AccountActivity account(String email, long refused, boolean observed) {
        return new AccountActivity(443, Protocol.TCP, email, List.of(new AccountMember("198.18.1.2/32", 100)),
                refused == 0 ? List.of() : List.of(new AccountRefusal("198.18.2.3/32", refused, observed ? 0 : 100, observed)));
    }
}
